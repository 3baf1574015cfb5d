#!/bin/sh
# Runs every benchmark that measures a budget figure (Benchmarks/README.md), one after another,
# on a release build: the pty benchmark (2000 tokens ASCII and CJK at full speed with 10 s of
# idle, 500 tokens at 50 tok/s, 2000 at 200 tok/s), the history and stats benchmarks and the
# micro-benchmarks. About four minutes once built; run it on a quiet machine. The soak run
# (Benchmarks/soak.py, about 3.5 minutes) and the fuzzers (Benchmarks/Fuzz/run.sh) are separate.
#
#   Benchmarks/run.sh            or   make bench
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product chatterm
echo "== machine: $(nproc) cores, $(uname -srm), $(swift --version 2>&1 | head -n 1)"
echo "== pty: 2000 tokens at full speed, ASCII"
python3 Benchmarks/pty_bench.py --warmup never --runs 5 --idle 10
echo "== pty: 2000 tokens at full speed, CJK"
python3 Benchmarks/pty_bench.py --warmup never --runs 5 --passage cjk
echo "== pty: 500 tokens at 50 tok/s"
python3 Benchmarks/pty_bench.py --warmup never --runs 3 --speed 50 --tokens 500
echo "== pty: 2000 tokens at 200 tok/s"
python3 Benchmarks/pty_bench.py --warmup never --runs 3 --speed 200 --tokens 2000
echo "== the first prompt's wait behind a 2 s model load"
python3 Benchmarks/first_prompt_bench.py --load-ms 2000 --typing 3 --runs 3
echo "== history"
python3 Benchmarks/history_bench.py --runs 3
echo "== stats"
python3 Benchmarks/stats_bench.py --runs 10
echo "== micro-benchmarks"
swift package --package-path Benchmarks/Micro benchmark --no-progress

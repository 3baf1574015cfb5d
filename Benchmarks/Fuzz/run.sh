#!/bin/sh
# Builds chatterm's libFuzzer targets and runs them (Benchmarks/README.md § Fuzzing).
#
#   Benchmarks/Fuzz/run.sh TARGET SECONDS [libFuzzer options...]   one target
#   Benchmarks/Fuzz/run.sh all SECONDS                             every target, one after another
#   Benchmarks/Fuzz/run.sh build                                   build only
#
# TARGET is FuzzSSE, FuzzConversation, FuzzTheme, FuzzConfig or FuzzSanitizer. Each run works on
# a copy of Corpus/TARGET in .build/corpus/TARGET (the committed seeds are never changed), writes
# its log to .build/logs/TARGET.log and any crash reproducer to .build/crashes/TARGET/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scratch="$here/.build"
targets="FuzzSSE FuzzConversation FuzzTheme FuzzConfig FuzzSanitizer"

build() {
    # -sanitize=fuzzer links libFuzzer's driver; each target calls it from its main.swift.
    # -enable-testing lets FuzzConversation reach the decoder that ConversationStore.load uses.
    # lld, because gold fails on these objects ("internal error in format_file_lineno").
    swift build -c release --package-path "$here" --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld "$@"
}

run() {
    target=$1 seconds=$2
    shift 2
    corpus="$scratch/corpus/$target" crashes="$scratch/crashes/$target"
    mkdir -p "$corpus" "$crashes" "$scratch/logs"
    cp "$here/Corpus/$target/"* "$corpus/"
    echo "== $target for ${seconds}s (log: $scratch/logs/$target.log)"
    status=0
    # TOMLKit 0.6.0 leaks on every parse (TOMLTable(string:) never frees its error buffer,
    # TOMLTable.keys never frees tableGetKeys' array and strings), so LeakSanitizer would stop
    # FuzzConfig at its first input and again at exit: leaks are not checked there, neither per
    # input (-detect_leaks=0) nor at exit (ASAN_OPTIONS) (README § Fuzzing).
    leaks=1
    if [ "$target" = FuzzConfig ]; then set -- -detect_leaks=0 "$@"; leaks=0; fi
    # A config file is checked in milliseconds, so FuzzConfig counts an input that takes more
    # than 3 s as a finding (libFuzzer's -timeout: it stops and writes the input as timeout-… in
    # the crashes folder). It tries inputs of up to 32 KiB (-max_len; the default is 4 KiB), long
    # enough for a quadratic or cubic cost to pass that limit, and builds them with TOML's
    # punctuation and nesting shapes (-dict). TOMLKit's leaks (above) grow the process by about
    # 0.9 KB an input, 2 GB in 10 minutes, libFuzzer's default memory limit: -rss_limit_mb doubles
    # it (README § Fuzzing). Options given to run.sh come after these, so they override them.
    if [ "$target" = FuzzConfig ]; then
        set -- -timeout=3 -max_len=32768 -dict="$here/FuzzConfig.dict" -rss_limit_mb=4096 "$@"
    fi
    ASAN_OPTIONS="detect_leaks=$leaks${ASAN_OPTIONS:+:$ASAN_OPTIONS}" "$scratch/release/$target" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$crashes/" "$@" "$corpus" >"$scratch/logs/$target.log" 2>&1 || status=$?
    grep -E '^(Done|stat::|==[0-9]+== ?ERROR|SUMMARY|ALARM)|Fatal error|Assertion|artifact_prefix' "$scratch/logs/$target.log" || true
    grep -E '^#[0-9]+' "$scratch/logs/$target.log" | tail -n 1
    echo "corpus: $(ls "$corpus" | wc -l) files; exit status $status"
    if [ "$status" -ne 0 ]; then
        echo "$target FAILED: reproducer in $crashes/; replay with $scratch/release/$target FILE"
        return 1
    fi
}

case "${1:-}" in
build)
    build
    ;;
all)
    build
    failed=0
    for target in $targets; do run "$target" "${2:?seconds}" || failed=1; done
    exit $failed
    ;;
Fuzz*)
    target=$1 seconds=${2:?seconds}
    shift 2
    build --product "$target"
    run "$target" "$seconds" "$@"
    ;;
*)
    sed -n '2,10p' "$0"
    exit 64
    ;;
esac

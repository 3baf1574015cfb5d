#!/usr/bin/env bash
# Times the conversation store in release mode: loading a 10,000-message (~50 MB) conversation,
# saving it, and listing and searching 1,000 small ones. Builds the StoreBench program of the
# Benchmarks/Micro package (ChatCore, ChatStore and what they need, swift-crypto for attachments'
# SHA-256; no NIO, no curses) and runs it against a temporary data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -c release --package-path Benchmarks/Micro StoreBench

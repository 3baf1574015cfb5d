#!/usr/bin/env bash
# Times the conversation store in release mode: loading a 10,000-message (~50 MB) conversation,
# saving it, and listing and searching 1,000 small ones. Builds ChatCore and ChatStore with
# `swiftc -O` into a temporary folder (no NIO, so it takes seconds, not a release build of the
# whole package) and runs Benchmarks/store_bench.swift against a temporary data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
flags=(-O -swift-version 6 -I "$build" -L "$build")
swiftc "${flags[@]}" -parse-as-library -emit-module -emit-library -module-name ChatCore \
  $(find Sources/ChatCore -name '*.swift') -o "$build/libChatCore.so"
swiftc "${flags[@]}" -lChatCore -parse-as-library -emit-module -emit-library -module-name ChatStore \
  $(find Sources/ChatStore -name '*.swift') -o "$build/libChatStore.so"
swiftc "${flags[@]}" -lChatCore -lChatStore Benchmarks/store_bench.swift -o "$build/store_bench" \
  -Xlinker -rpath -Xlinker "$build"
"$build/store_bench"

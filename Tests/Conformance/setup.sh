#!/usr/bin/env bash
# Sets up what Tests/ConformanceTests run against, in .build-conformance/ (git-ignored):
#
#   venv/             a virtual environment with llama-cpp-python's OpenAI server, the gguf
#                     package and their dependencies at the versions requirements.txt pins,
#                     all from PyPI (pip compiles llama.cpp: about 7 minutes on two cores)
#   tiny-llama.gguf   the tiny random-weight model make_tiny_model.py writes
#
# Each part is redone only when what it comes from changed (requirements.txt, the model
# script), so a second run takes a second. PYTHON names the interpreter for the virtual
# environment (default: python3, which needs Debian's python3-venv).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
folder=$root/.build-conformance
venv=$folder/venv
model=$folder/tiny-llama.gguf
requirements=$here/requirements.txt
# A copy of the requirements the virtual environment was last completed with.
installed=$venv/chatterm-requirements.txt

mkdir -p "$folder"
if ! cmp -s "$requirements" "$installed"; then
  if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  echo "setup.sh: installing llama-cpp-python's server into $venv (compiles llama.cpp)"
  # The multimodal library (mtmd) is not built: the server's text chat does not load it, and
  # it is a third of the compile.
  CMAKE_ARGS="${CMAKE_ARGS:-} -DLLAVA_BUILD=OFF" \
    "$venv/bin/pip" install --quiet --disable-pip-version-check --requirement "$requirements"
  cp "$requirements" "$installed"
fi

if [ ! -s "$model" ] || [ "$here/make_tiny_model.py" -nt "$model" ] || [ "$installed" -nt "$model" ]; then
  "$venv/bin/python" "$here/make_tiny_model.py" "$model.partial"
  mv "$model.partial" "$model"
fi

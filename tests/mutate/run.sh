#!/usr/bin/env bash
# make mutate: tests/mutate/mutate.py says how (run.sh [--check] [PATTERN]).
# python3 as the interpreter itself, ahead of pyenv's shim.
py3=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) || py3=python3
exec "$py3" "$(dirname "$0")/mutate.py" "$@"

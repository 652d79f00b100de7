#!/usr/bin/env bash
# Run the benchmarks with the project's virtualenv: bench/run.sh --scale 1 --scale 100
set -euo pipefail
cd "$(dirname "$0")/.."
python=.venv/bin/python
[[ -x $python ]] || python=python3
exec "$python" -m bench.run "$@"

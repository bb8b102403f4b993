#!/usr/bin/env bash
# Clause model v2 (docs/clause_model_v2.md): a stronger teacher distilled into today's student.
#
#   scripts/clause_model_v2.sh pack [TEACHER_DIR]   here, on the CPU machine with ../shared:
#       the training pack with the fixed segmenter (build/pack) and, when a teacher folder is
#       given, its check and its base.npz (build/teacher_base); ~10 min on 2 idle cores
#   scripts/clause_model_v2.sh sweep [RUNS]          on a lent GPU (the `run` tool carries
#       build/pack and build/teacher_base): teachers, then the distilled students; writes
#       $OUT (default build/sweep_v2). RUNS defaults to the ensemble teacher's students
#   scripts/clause_model_v2.sh ship SWEEP_OUT NAME   here: rebuild a kept student run from
#       what the GPU call returned, import and export it (int8, fused kernels; the export
#       recalibrates the thresholds), re-run the evals and write the model card
#
# Each step refuses to start without what the one before it leaves.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python3}
step=${1:-}
case "$step" in
  pack)
    "$py" -m contractreview_training.pack --out build/pack
    if [[ -n "${2:-}" ]]; then
      "$py" -m contractreview_training.teacher_check "$2"
      "$py" -m contractreview_training.pack --base-only "$2" --pack build/pack \
        --out build/teacher_base
    fi
    du -sh build/pack build/teacher_base 2>/dev/null || true
    ;;
  sweep)
    [[ -f build/pack/pack.npz ]] || { echo "no build/pack: run '$0 pack' first" >&2; exit 2; }
    runs=${2:-s_distill_ens3_a05,s_distill_ens3_a05_seed}
    if [[ "$runs" == *s_distill_a0* && ! -f build/teacher_base/base.npz ]]; then
      echo "the bge-shaped teacher needs build/teacher_base: '$0 pack TEACHER_DIR'" >&2
      exit 2
    fi
    # --work inside build/: a second call on the still-warm machine reuses finished teachers
    "$py" scripts/gpu_sweep.py --pack build/pack --out "${OUT:-build/sweep_v2}" \
      --work build/sweep_work --only "$runs" --teacher-base build/teacher_base \
      --deadline "${DEADLINE:-540}"
    ;;
  ship)
    sweep=${2:?"the folder the GPU call returned (sweep.json, NAME.w1.npz, NAME.w2.npz)"}
    name=${3:?"which kept run?"}
    [[ -f "$sweep/$name.w1.npz" ]] || { echo "$sweep has no $name.w1.npz" >&2; exit 2; }
    run=$("$py" scripts/gpu_sweep.py --out "$sweep" --work build/v2_runs --join "$name")
    "$py" -m contractreview_training.pack_train --import-run "$run" --pack build/pack \
      --out build/train/checkpoint
    "$py" -m contractreview_training.export --checkpoint build/train/checkpoint --out models
    contractreview eval cuad --baseline --out build/eval_cuad.json
    contractreview eval unfair-tos --baseline --out build/eval_unfair.json
    contractreview eval cuad-excerpts --baseline --out build/eval_excerpts.json
    contractreview eval calibration
    contractreview eval per-label
    "$py" -m contractreview_training.model_card --cuad build/eval_cuad.json \
      --unfair build/eval_unfair.json --excerpts build/eval_excerpts.json \
      --per-label build/eval_per_label.json --extra models/card_extra.json
    ;;
  *)
    sed -n '2,14p' "$0" >&2
    exit 2
    ;;
esac

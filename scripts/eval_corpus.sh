#!/usr/bin/env bash
# Build every article of ../shared/corpus and score the build against ../shared/gold.
# Usage: scripts/eval_corpus.sh [OUT] [--json]   (OUT defaults to a temporary folder)
# The seed article carries no year: it is built with --published 2016-12-30 as the gold
# file says; every other article takes its date from its header block.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
OUT=${1:-$(mktemp -d "${TMPDIR:-/tmp}/diplokg-eval.XXXXXX")}
shift || true
SEED=000_8b71802b9a9b660c.txt
others=()
for f in "$SHARED"/corpus/*.txt; do
  [ "$(basename "$f")" = "$SEED" ] || others+=("$f")
done
kg build "${others[@]}" -o "$OUT" --quiet
kg build "$SHARED/corpus/$SEED" --published 2016-12-30 -o "$OUT" --quiet
kg eval "$OUT" "$SHARED/gold" "$@"

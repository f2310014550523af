#!/usr/bin/env bash
# Benchmark `birefloss eval` on synthetic 1024x1024 pairs and print images
# per second for each configuration. Usage: bench/run.sh [PAIRS] [SIZE]
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-64}
size=${2:-1024}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/birefloss" .
go run ./bench/genpairs -out "$work/data" -n "$pairs" -size "$size"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "pairs: $pairs at ${size}x${size}"
printf '%-34s %8s %10s %10s\n' configuration workers seconds images/s
run() {
	local label=$1 workers=$2
	shift 2
	local start end
	start=$(date +%s.%N)
	"$work/birefloss" eval --gt "$work/data/gt" --pred "$work/data/pred" --out "$work/out" \
		--workers "$workers" --quiet --thumbnails 0 "$@" >/dev/null
	end=$(date +%s.%N)
	awk -v l="$label" -v w="$workers" -v s="$start" -v e="$end" -v n="$pairs" \
		'BEGIN { printf "%-34s %8d %10.2f %10.1f\n", l, w, e - s, n / (e - s) }'
}
for w in 1 2; do
	run "losses (all), no metrics" "$w" --losses all --metrics none
	run "nine BiRefNet losses, no metrics" "$w" --losses bce,iou,iou_patch,ssim,mae,mse,reg,cnt,structure --metrics none
	run "metrics (default set), no losses" "$w" --losses none --metrics default
	run "metrics (all, with hce, mba, biou)" "$w" --losses none --metrics all
	run "losses and metrics" "$w"
done

# Real masks shipped in testdata/: the SOD-300 predictions of three models
# (900 pairs of 481x321) and the DIS5K validation subset (22 pairs from
# 720x540 up to 5616x3744 pixels).
real() {
	local label=$1 workers=$2 pairs=$3
	shift 3
	local start end
	start=$(date +%s.%N)
	"$work/birefloss" eval --workers "$workers" --quiet --thumbnails 0 --out "$work/out" "$@" >/dev/null
	end=$(date +%s.%N)
	awk -v l="$label" -v w="$workers" -v s="$start" -v e="$end" -v n="$pairs" \
		'BEGIN { printf "%-34s %8d %10.2f %10.1f\n", l, w, e - s, n / (e - s) }'
}
sod=testdata/real/sod-300
dis=testdata/real/dis5k-vd
echo
echo "real data (every loss component and the default metric set)"
printf '%-34s %8s %10s %10s\n' folder workers seconds pairs/s
for w in 1 2; do
	real "sod-300, 3 models" "$w" 900 --gt "$sod/gt" --pred "$sod/pred-Amulet" --pred "$sod/pred-DSS" --pred "$sod/pred-PiCANet"
	real "dis5k-vd, up to 21 Mpx" "$w" 22 --gt "$dis/gt" --pred "$dis/pred-DIS-SAM"
done

package loss

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Weights maps BiRefNet's lambdas_pix_last keys to their λ: bce iou
// iou_patch mae mse triplet reg ssim cnt structure.
type Weights map[string]float64

// weightKeys are the keys of lambdas_pix_last in BiRefNet's order, which is
// also the order in which PixLoss adds the weighted criteria.
var weightKeys = []string{"bce", "iou", "iou_patch", "mae", "mse", "triplet", "reg", "ssim", "cnt", "structure"}

// Tasks are the task names of BiRefNet's config.py (ZhengPeng7/BiRefNet,
// config.py last changed in 32c1dcd, 2025-10-09).
var Tasks = []string{"DIS5K", "COD", "HRSOD", "General", "General-2K", "Matting"}

// Preset returns the lambdas_pix_last of a task, with every key, as
// BiRefNet's config.py (last changed in 32c1dcd, 2025-10-09) builds them:
//
//	DIS5K, COD, HRSOD:    bce 30, iou 0.5, ssim 10
//	General, General-2K:  bce 30, iou 0.5, mae 100, ssim 10
//	Matting:              bce 30, mae 100, ssim 10
//
// and 0 for every other key (config.py writes them as base·0, such as mse
// 30·0). config.py maps any task name other than Matting, General and
// General-2K to the DIS5K weights; Preset instead rejects a name outside
// Tasks, to catch typos such as "general".
func Preset(task string) (Weights, error) {
	w := Weights{}
	for _, k := range weightKeys {
		w[k] = 0
	}
	w["bce"] = 30
	w["ssim"] = 10
	switch task {
	case "DIS5K", "COD", "HRSOD":
		w["iou"] = 0.5
	case "General", "General-2K":
		w["iou"] = 0.5
		w["mae"] = 100
	case "Matting":
		w["mae"] = 100
	default:
		return nil, fmt.Errorf("unknown task %q%s: valid tasks are %s",
			task, suggestTask(task), strings.Join(Tasks, ", "))
	}
	return w, nil
}

// suggestTask returns ` (did you mean "X"?)` when task differs from a known
// task only in letter case.
func suggestTask(task string) string {
	for _, t := range Tasks {
		if strings.EqualFold(t, task) {
			return fmt.Sprintf(" (did you mean %q?)", t)
		}
	}
	return ""
}

// ParseWeights parses a comma-separated list of key=value items such as
// "bce=30,iou=0.5". Spaces around keys and values are ignored, and an empty
// string gives an empty map. It checks the syntax only; Apply checks the
// keys. An item without "=", with an empty key, with a value that is not a
// finite number, or with a key given twice is an error naming the item.
func ParseWeights(s string) (map[string]float64, error) {
	out := map[string]float64{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for item := range strings.SplitSeq(s, ",") {
		key, value, ok := strings.Cut(item, "=")
		key = strings.TrimSpace(key)
		if !ok || key == "" {
			return nil, fmt.Errorf("invalid weight %q: want key=value, such as bce=30", strings.TrimSpace(item))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("invalid weight %q: value must be a finite number", strings.TrimSpace(item))
		}
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("weight %q given twice", key)
		}
		out[key] = v
	}
	return out, nil
}

// Apply returns a copy of w with the overrides set. A key outside
// lambdas_pix_last is an error listing the valid keys; the informational
// components (iou_patch_tiled, structure_logit) are an error too, because
// they are never weighted. "triplet" is accepted and, as in BiRefNet, has no
// effect on any total.
func (w Weights) Apply(overrides map[string]float64) (Weights, error) {
	keys := make([]string, 0, len(overrides))
	for k := range overrides {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	out := make(Weights, len(w)+len(overrides))
	for k, v := range w {
		out[k] = v
	}
	for _, k := range keys {
		if c, ok := ComponentByKey(k); ok && c.Informational() {
			return nil, fmt.Errorf("cannot weight %q: it is informational, BiRefNet never computes it, so it is never weighted; weighted keys are %s",
				k, strings.Join(weightKeys, ", "))
		}
		if !slices.Contains(weightKeys, k) {
			return nil, fmt.Errorf("unknown weight %q: valid keys are %s", k, strings.Join(weightKeys, ", "))
		}
		out[k] = overrides[k]
	}
	return out, nil
}

// Total returns Σ λ_c·v[c] over the nine components that BiRefNet can build,
// in BiRefNet's order. It skips every c with λ_c = 0, because BiRefNet never
// builds a criterion whose λ is 0, so a NaN there does not reach the total.
// A NaN in a weighted component makes the total NaN, as in BiRefNet. The
// informational components and triplet never count.
func (w Weights) Total(v Values) float64 {
	var total float64
	for _, k := range weightKeys {
		c, ok := ComponentByKey(k)
		if !ok {
			continue // triplet: BiRefNet builds no criterion for it
		}
		if l := w[k]; l != 0 {
			total += l * v[c]
		}
	}
	return total
}

// Missing returns, in BiRefNet's order, the keys with a non-zero weight whose
// component is not in set, so that the caller can add them to the set or
// reject the request. "triplet" is never missing: it has no component.
func (w Weights) Missing(set Set) []string {
	var missing []string
	for _, k := range weightKeys {
		c, ok := ComponentByKey(k)
		if ok && w[k] != 0 && !set[c] {
			missing = append(missing, k)
		}
	}
	return missing
}

package compare

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Mismatch is a setting whose value differs between the baseline and the
// new run, as text.
type Mismatch struct {
	Setting  string `json:"setting"`
	Baseline string `json:"baseline"`
	New      string `json:"new"`
}

// MismatchError lists the settings that differ between two results that
// the caller did not allow to differ.
type MismatchError struct {
	Mismatches []Mismatch
}

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("the results were computed with different settings, so their values are not comparable:")
	for _, m := range e.Mismatches {
		fmt.Fprintf(&b, "\n  %s: baseline %s, new %s", m.Setting, m.Baseline, m.New)
	}
	b.WriteString("\nrerun with the baseline's settings, or allow the difference (birefloss compare --allow-mismatch)")
	return b.String()
}

// maxNamesShown caps the image names quoted in a GT image set mismatch.
const maxNamesShown = 5

// settingMismatches lists the settings of base and next that change the
// values: loss weights, resize mode, how masks are read, the enabled losses
// and metrics, the HCE variant and the GT image set. The task is not
// compared because the weights in force already decide the loss total, and
// paths (GT folder, config file) are not compared because a CI checkout
// moves them.
func settingMismatches(base, next *Result) []Mismatch {
	b, n := base.Summary.Settings, next.Summary.Settings
	var out []Mismatch
	add := func(setting, bv, nv string) {
		if bv != nv {
			out = append(out, Mismatch{Setting: setting, Baseline: bv, New: nv})
		}
	}
	add("weights", formatWeights(b.Weights), formatWeights(n.Weights))
	add("cls_weights", formatWeights(b.ClsWeights), formatWeights(n.ClsWeights))
	add("resize", quote(b.Resize), quote(n.Resize))
	add("alpha", strconv.FormatBool(b.Alpha), strconv.FormatBool(n.Alpha))
	add("scale_zero_one", strconv.FormatBool(b.ScaleZeroOne), strconv.FormatBool(n.ScaleZeroOne))
	add("losses", formatList(b.Losses), formatList(n.Losses))
	add("metrics", formatList(b.Metrics), formatList(n.Metrics))
	add("hce_mode", quote(b.HCEMode), quote(n.HCEMode))
	if m, ok := gtSetMismatch(base, next); ok {
		out = append(out, m)
	}
	return out
}

// formatWeights writes a weight map in key order. A weight of 0 is left
// out, since it contributes nothing to the total, so a zero weight and an
// absent one compare equal.
func formatWeights(w map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if w[k] != 0 {
			parts = append(parts, k+"="+strconv.FormatFloat(w[k], 'g', -1, 64))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func formatList(list []string) string { return "[" + strings.Join(list, ", ") + "]" }

func quote(s string) string { return strconv.Quote(s) }

// gtSetMismatch compares the GT image sets. With per-image values on both
// sides, the set is every name that a model evaluated, failed or missed.
// Without them, only the GT counts can be compared.
func gtSetMismatch(base, next *Result) (Mismatch, bool) {
	if base.PerImage == nil || next.PerImage == nil {
		bc, nc := base.Summary.GT.Count, next.Summary.GT.Count
		if bc == nc {
			return Mismatch{}, false
		}
		return Mismatch{
			Setting:  "gt_images",
			Baseline: fmt.Sprintf("%d images", bc),
			New:      fmt.Sprintf("%d images", nc),
		}, true
	}
	bset, nset := gtNames(base), gtNames(next)
	onlyBase, onlyNew := setDifference(bset, nset), setDifference(nset, bset)
	if len(onlyBase) == 0 && len(onlyNew) == 0 {
		return Mismatch{}, false
	}
	return Mismatch{
		Setting:  "gt_images",
		Baseline: fmt.Sprintf("%d images, %d not in the new run%s", len(bset), len(onlyBase), sampleNames(onlyBase)),
		New:      fmt.Sprintf("%d images, %d not in the baseline%s", len(nset), len(onlyNew), sampleNames(onlyNew)),
	}, true
}

// gtNames returns the GT names of a result with per-image values.
func gtNames(r *Result) map[string]bool {
	names := map[string]bool{}
	for _, m := range r.PerImage.Models {
		for _, row := range m.Rows {
			names[row.Name] = true
		}
	}
	for _, m := range r.Summary.Models {
		for _, name := range m.Missing {
			names[name] = true
		}
	}
	return names
}

// setDifference returns the names in a and not in b, sorted.
func setDifference(a, b map[string]bool) []string {
	var out []string
	for name := range a {
		if !b[name] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func sampleNames(names []string) string {
	if len(names) == 0 {
		return ""
	}
	shown := names[:min(len(names), maxNamesShown)]
	more := ""
	if len(names) > len(shown) {
		more = ", ..."
	}
	return " (" + strings.Join(shown, ", ") + more + ")"
}

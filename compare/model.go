package compare

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/birefloss/birefloss/report"
)

// compareModel compares model bi of base with model ni of next.
func compareModel(base, next *Result, bi, ni int, opts Options) ModelComparison {
	bm, nm := &base.Summary.Models[bi], &next.Summary.Models[ni]
	mc := ModelComparison{
		Baseline:           bm.Name,
		New:                nm.Name,
		Dataset:            []Change{},
		KeysOnlyInBaseline: []string{},
		KeysOnlyInNew:      []string{},
		ImageKeys:          []ImageKeyStats{},
		ImageChanges:       []Change{},
		MissingImages:      []MissingImage{},
		NewImages:          []string{},
	}

	// Dataset values, in the baseline's key order.
	nextKeys := datasetKeyOrder(next.Summary, nm)
	for _, key := range datasetKeyOrder(base.Summary, bm) {
		b, _ := datasetValue(bm, key)
		n, ok := datasetValue(nm, key)
		if !ok {
			mc.KeysOnlyInBaseline = append(mc.KeysOnlyInBaseline, key)
			continue
		}
		c, _ := newChange(key, "", b, n, thresholdFor(opts.MaxRegress, key))
		mc.Dataset = append(mc.Dataset, c)
	}
	for _, key := range nextKeys {
		if _, ok := datasetValue(bm, key); !ok {
			mc.KeysOnlyInNew = append(mc.KeysOnlyInNew, key)
		}
	}

	if base.PerImage == nil || next.PerImage == nil {
		mc.MissingImages, mc.NewImages = listedImageChanges(bm, nm)
		return mc
	}
	mc.PerImage = true
	bp, np := imageTable(base.PerImage, bm.Name), imageTable(next.PerImage, nm.Name)
	mc.MissingImages, mc.NewImages = imageSetChanges(bp, np, nm)
	compareImages(&mc, bp, np, opts)
	return mc
}

// imageRows are one model's rows of a per_image.csv, by image name, with
// the value column of each key.
type imageRows struct {
	keys   []string // LossKeys then MetricKeys
	column map[string]int
	rows   map[string]*report.Row
	names  []string // row order
}

func imageTable(p *report.PerImage, model string) *imageRows {
	t := &imageRows{
		keys:   append(slices.Clone(p.LossKeys), p.MetricKeys...),
		column: map[string]int{},
		rows:   map[string]*report.Row{},
	}
	for i, k := range t.keys {
		t.column[k] = i
	}
	for mi := range p.Models {
		if p.Models[mi].Name != model {
			continue
		}
		for ri := range p.Models[mi].Rows {
			row := &p.Models[mi].Rows[ri]
			t.rows[row.Name] = row
			t.names = append(t.names, row.Name)
		}
	}
	return t
}

func (t *imageRows) evaluated(name string) bool {
	row, ok := t.rows[name]
	return ok && row.Err == ""
}

// imageSetChanges finds the images evaluated by one side only.
func imageSetChanges(bp, np *imageRows, nm *report.ModelSummary) (missing []MissingImage, added []string) {
	missing, added = []MissingImage{}, []string{}
	missingInNext := map[string]bool{}
	for _, name := range nm.Missing {
		missingInNext[name] = true
	}
	for _, name := range bp.names {
		if !bp.evaluated(name) || np.evaluated(name) {
			continue
		}
		mi := MissingImage{Name: name, Reason: "absent"}
		switch row, ok := np.rows[name]; {
		case ok:
			mi.Reason, mi.Error = "failed", row.Err
		case missingInNext[name]:
			mi.Reason = "missing"
		}
		missing = append(missing, mi)
	}
	for _, name := range np.names {
		if np.evaluated(name) && !bp.evaluated(name) {
			added = append(added, name)
		}
	}
	return missing, added
}

// listedImageChanges finds the images evaluated by one side only from the
// summaries' missing and failed lists, when per-image values are lacking.
// It cannot see an image absent from the new run's GT set; the GT count
// check of the settings covers that case.
func listedImageChanges(bm, nm *report.ModelSummary) (missing []MissingImage, added []string) {
	missing, added = []MissingImage{}, []string{}
	notEvaluated := func(m *report.ModelSummary) map[string]bool {
		set := map[string]bool{}
		for _, name := range m.Missing {
			set[name] = true
		}
		for _, f := range m.Failed {
			set[f.Name] = true
		}
		return set
	}
	baseLacks, nextLacks := notEvaluated(bm), notEvaluated(nm)
	for _, name := range nm.Missing {
		if !baseLacks[name] {
			missing = append(missing, MissingImage{Name: name, Reason: "missing"})
		}
	}
	for _, f := range nm.Failed {
		if !baseLacks[f.Name] {
			missing = append(missing, MissingImage{Name: f.Name, Reason: "failed", Error: f.Error})
		}
	}
	slices.SortFunc(missing, func(a, b MissingImage) int { return cmpString(a.Name, b.Name) })
	for name := range baseLacks {
		if !nextLacks[name] {
			added = append(added, name)
		}
	}
	slices.Sort(added)
	return missing, added
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareImages fills the per-image statistics and changes of mc for the
// keys and images that both sides have.
func compareImages(mc *ModelComparison, bp, np *imageRows, opts Options) {
	primary := report.PrimaryKey(bp.keys)
	for _, key := range bp.keys {
		nc, ok := np.column[key]
		if !ok {
			continue
		}
		bc := bp.column[key]
		t := thresholdFor(opts.MaxImageRegress, key)
		stats := ImageKeyStats{Key: key, Threshold: t}
		listChanges := t != nil || key == primary
		maxWorse, maxBetter := math.Inf(-1), math.Inf(1)
		for _, name := range bp.names {
			if !bp.evaluated(name) || !np.evaluated(name) {
				continue
			}
			b := valueAt(bp.rows[name], bc)
			n := valueAt(np.rows[name], nc)
			c, worsening := newChange(key, name, b, n, t)
			stats.Direction = c.Direction
			stats.Threshold = c.Threshold
			stats.Compared++
			switch c.Status {
			case StatusUnchanged:
				stats.Unchanged++
			case StatusBetter:
				stats.Better++
			case StatusWorse:
				stats.Worse++
			case StatusRegression:
				stats.Regression++
			case StatusChanged:
				stats.Changed++
			}
			if c.Status != StatusUnchanged && listChanges {
				mc.ImageChanges = append(mc.ImageChanges, c)
			}

			// A value that became NaN ranks as the largest worsening.
			rank := worsening
			if math.IsNaN(rank) {
				rank = math.Inf(1)
			}
			if (c.Status == StatusWorse || c.Status == StatusRegression) && rank > maxWorse {
				maxWorse = rank
				stats.MaxWorsening = &c
			}
			if c.Status == StatusBetter && rank < maxBetter {
				maxBetter = rank
				stats.MaxImprovement = &c
			}
		}
		if stats.Direction == "" {
			stats.Direction = directionName(key)
			stats.Threshold = nil
			if _, known := report.Direction(key); known {
				stats.Threshold = t
			}
		}
		mc.ImageKeys = append(mc.ImageKeys, stats)
	}
}

// valueAt returns a row's value in column col, NaN when the row has no
// values.
func valueAt(row *report.Row, col int) float64 {
	if col < len(row.Values) {
		return row.Values[col]
	}
	return math.NaN()
}

func directionName(key string) string {
	lower, known := report.Direction(key)
	switch {
	case !known:
		return UnknownDirection
	case lower:
		return LowerIsBetter
	}
	return HigherIsBetter
}

// modelRegressions lists the regressions of one model comparison in
// output order: dataset values, missing images, then per-image values.
func modelRegressions(mc *ModelComparison, opts Options) []Regression {
	var out []Regression
	model := mc.New
	for _, c := range mc.Dataset {
		if c.Status == StatusRegression {
			out = append(out, Regression{
				Kind:    KindValue,
				Model:   model,
				Key:     c.Key,
				Message: fmt.Sprintf("model %s: %s", model, describeChange(c)),
			})
		}
	}
	if !opts.AllowMissing {
		for _, mi := range mc.MissingImages {
			out = append(out, Regression{
				Kind:    KindMissingImage,
				Model:   model,
				Image:   mi.Name,
				Message: fmt.Sprintf("model %s: image %s: %s", model, mi.Name, describeMissing(mi)),
			})
		}
	}
	for _, c := range mc.ImageChanges {
		if c.Status == StatusRegression {
			out = append(out, Regression{
				Kind:    KindImageValue,
				Model:   model,
				Image:   c.Image,
				Key:     c.Key,
				Message: fmt.Sprintf("model %s: image %s: %s", model, c.Image, describeChange(c)),
			})
		}
	}
	return out
}

// describeChange words a worsened change, as "sm worsened from 0.91 to
// 0.9: -0.01 (-1.10%), threshold 0.002".
func describeChange(c Change) string {
	b, n := float64(c.Baseline), float64(c.New)
	limit := "not gated"
	if c.Threshold != nil {
		limit = "threshold " + c.Threshold.String()
	}
	if math.IsNaN(n) {
		return fmt.Sprintf("%s became undefined (NaN), was %s; %s", c.Key, formatValue(b), limit)
	}
	return fmt.Sprintf("%s worsened from %s to %s: %s, %s", c.Key, formatValue(b), formatValue(n), formatDelta(c), limit)
}

func describeMissing(mi MissingImage) string {
	switch mi.Reason {
	case "failed":
		return "evaluated in the baseline, failed in the new run: " + mi.Error
	case "missing":
		return "evaluated in the baseline, no prediction in the new run"
	}
	return "evaluated in the baseline, not in the new run's GT set"
}

// formatValue prints a value with 6 significant digits, NaN as "NaN" and
// negative zero as "0".
func formatValue(v float64) string {
	return strconv.FormatFloat(positiveZero(v), 'g', 6, 64)
}

// formatDelta prints a change as "+0.0123" or "-0.0123 (-1.2%)" when the
// relative change is defined. A zero change prints as "+0", whatever the
// sign of the zero, and a relative change that rounds to zero as "+0.00%".
func formatDelta(c Change) string {
	d := positiveZero(float64(c.Delta))
	s := strconv.FormatFloat(d, 'g', 4, 64)
	if d >= 0 {
		s = "+" + s
	}
	if r := float64(c.Relative); !math.IsNaN(r) && !math.IsInf(r, 0) {
		percent := math.Round(100*100*r) / 100
		s += fmt.Sprintf(" (%+.2f%%)", positiveZero(percent))
	}
	return s
}

// positiveZero returns v with negative zero replaced by positive zero, so
// that text output never shows "-0". The two compare equal.
func positiveZero(v float64) float64 {
	if v == 0 {
		return 0
	}
	return v
}

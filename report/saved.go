package report

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// RunFromSaved rebuilds a Run from a summary.json document and, when p is
// not nil, the per_image.csv written with it, so that plots and report.html
// can be rendered again without recomputing anything.
//
// The files do not keep everything a Run holds. Rows of evaluated pairs get
// no GTFile or PredFile, because per_image.csv records names only; failed
// rows get theirs from the summary's failed list. summary.json stores
// dataset values and curves as maps, so Model.Scalars are put in the
// order of SavedScalarKeys and Model.Curves in that of savedCurveKeys. Without p every
// model has no rows, so the per-image parts of a report are empty.
func RunFromSaved(s *Summary, p *PerImage) *Run {
	run := &Run{
		Tool:       s.Tool.Name,
		Version:    s.Tool.Version,
		Settings:   s.Settings,
		LossKeys:   slices.Clone(s.Columns.Losses),
		MetricKeys: slices.Clone(s.Columns.Metrics),
		GTCount:    s.GT.Count,
	}
	for _, a := range s.GT.Ambiguous {
		run.GTAmbiguous = append(run.GTAmbiguous, Ambiguous{Name: a.Name, Files: slices.Clone(a.Files)})
	}
	for i := range s.Models {
		run.Models = append(run.Models, modelFromSaved(s, &s.Models[i], p))
	}
	return run
}

func modelFromSaved(s *Summary, ms *ModelSummary, p *PerImage) Model {
	m := Model{
		Name:     ms.Name,
		PredDir:  ms.PredDir,
		Levels:   slices.Clone(ms.Levels),
		ClsFile:  ms.ClsFile,
		Missing:  slices.Clone(ms.Missing),
		Extra:    slices.Clone(ms.Extra),
		ZeroOne:  slices.Clone(ms.ZeroOne),
		Warnings: slices.Clone(ms.Warnings),
	}
	for _, a := range ms.Ambiguous {
		m.Ambiguous = append(m.Ambiguous, Ambiguous{Name: a.Name, Files: slices.Clone(a.Files)})
	}
	for _, r := range ms.Resized {
		m.Resized = append(m.Resized, Resized{
			Name:      r.Name,
			FromWidth: r.From[0], FromHeight: r.From[1],
			ToWidth: r.To[0], ToHeight: r.To[1],
		})
	}

	for _, key := range SavedScalarKeys(s, ms) {
		m.Scalars = append(m.Scalars, Named{Key: key, Value: float64(ms.Metrics[key])})
	}
	for _, key := range savedCurveKeys(s, ms) {
		values := make([]float64, len(ms.Curves[key]))
		for i, v := range ms.Curves[key] {
			values[i] = float64(v)
		}
		m.Curves = append(m.Curves, Curve{Key: key, Values: values})
	}

	if p != nil {
		m.Rows = savedRows(s, ms, p)
	}
	return m
}

// SavedScalarKeys returns the keys of ms.Metrics in the order the metric
// package lists dataset values: the per-image metric columns in order,
// each <h>_bin followed by <h>_bin_pooled. Keys outside that pattern come
// last, sorted.
func SavedScalarKeys(s *Summary, ms *ModelSummary) []string {
	var keys []string
	listed := map[string]bool{}
	add := func(key string) {
		if _, ok := ms.Metrics[key]; ok && !listed[key] {
			keys = append(keys, key)
			listed[key] = true
		}
	}
	for _, key := range s.Columns.Metrics {
		add(key)
		if strings.HasSuffix(key, "_bin") {
			add(key + "_pooled")
		}
	}
	for _, key := range slices.Sorted(maps.Keys(ms.Metrics)) {
		add(key)
	}
	return keys
}

// savedCurveKeys returns the keys of ms.Curves in the order the metric
// package lists curves: precision, recall, fm, em, then the handler
// curves in the order of their per-image columns (<h>_adp, ...). Other
// keys come last, sorted.
func savedCurveKeys(s *Summary, ms *ModelSummary) []string {
	var keys []string
	listed := map[string]bool{}
	add := func(key string) {
		if _, ok := ms.Curves[key]; ok && !listed[key] {
			keys = append(keys, key)
			listed[key] = true
		}
	}
	for _, key := range []string{"precision", "recall", "fm", "em"} {
		add(key)
	}
	for _, column := range s.Columns.Metrics {
		for _, suffix := range handlerSuffixes {
			if name, ok := strings.CutSuffix(column, suffix); ok {
				add(name)
				break
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(ms.Curves)) {
		add(key)
	}
	return keys
}

// savedRows copies the model's rows from p, with the file paths of failed
// pairs taken from the summary. Values are put in the summary's column
// order (Columns.Losses, then Columns.Metrics) by key, so that a file
// whose columns were reordered still lines up. A column p lacks is NaN.
func savedRows(s *Summary, ms *ModelSummary, p *PerImage) []Row {
	source := map[string]int{}
	for i, key := range append(slices.Clone(p.LossKeys), p.MetricKeys...) {
		source[key] = i
	}
	keys := append(slices.Clone(s.Columns.Losses), s.Columns.Metrics...)

	failed := make(map[string]*FailedPair, len(ms.Failed))
	for i := range ms.Failed {
		failed[ms.Failed[i].Name] = &ms.Failed[i]
	}
	var rows []Row
	for _, pm := range p.Models {
		if pm.Name != ms.Name {
			continue
		}
		for _, r := range pm.Rows {
			row := r
			row.Values = make([]float64, len(keys))
			for j, key := range keys {
				row.Values[j] = math.NaN()
				if i, ok := source[key]; ok && i < len(r.Values) {
					row.Values[j] = r.Values[i]
				}
			}
			if f := failed[r.Name]; f != nil && r.Err != "" {
				row.GTFile, row.PredFile = f.GTFile, f.PredFile
			}
			rows = append(rows, row)
		}
	}
	return rows
}

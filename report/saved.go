package report

import (
	"maps"
	"math"
	"slices"
)

// RunFromSaved rebuilds a Run from a summary.json document and, when p is
// not nil, the per_image.csv written with it, so that plots and report.html
// can be rendered again without recomputing anything.
//
// The files do not keep everything a Run holds. Rows of evaluated pairs get
// no GTFile or PredFile, because per_image.csv records names only; failed
// rows get theirs from the summary's failed list. Model.Scalars are in
// Columns.Metrics order, then the other keys sorted, and Model.Curves in
// key order, because summary.json stores both as maps. Without p every
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

	// Dataset values: column order first, as Model.Scalars follows it.
	listed := map[string]bool{}
	for _, key := range s.Columns.Metrics {
		if v, ok := ms.Metrics[key]; ok {
			m.Scalars = append(m.Scalars, Named{Key: key, Value: float64(v)})
			listed[key] = true
		}
	}
	for _, key := range slices.Sorted(maps.Keys(ms.Metrics)) {
		if !listed[key] {
			m.Scalars = append(m.Scalars, Named{Key: key, Value: float64(ms.Metrics[key])})
		}
	}
	for _, key := range slices.Sorted(maps.Keys(ms.Curves)) {
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

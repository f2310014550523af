package report

import (
	"math"
	"slices"
	"sort"
)

// rankingKey returns the column WorstRows ranks by, its index in
// Row.Values, and whether higher values are worse. ok is false when run
// has none of loss_total, mae and sm.
func rankingKey(run *Run) (key string, col int, higherIsWorse bool, ok bool) {
	if i := slices.Index(run.LossKeys, "loss_total"); i >= 0 {
		return "loss_total", i, true, true
	}
	if i := slices.Index(run.MetricKeys, "mae"); i >= 0 {
		return "mae", len(run.LossKeys) + i, true, true
	}
	if i := slices.Index(run.MetricKeys, "sm"); i >= 0 {
		return "sm", len(run.LossKeys) + i, false, true
	}
	return "", 0, false, false
}

// WorstRows returns the indices into m.Rows of the k worst evaluated rows,
// worst first. Rows rank by loss_total descending when the run has that
// column, else by mae descending, else by sm ascending. Equal values keep
// row order. A NaN value ranks after every other value, because an
// undefined value (for example the contour loss of an image under 3
// pixels) is no evidence of a bad prediction. NaN rows are therefore
// returned only when fewer than k rows have a number. +Inf and -Inf rank
// as the extremes they are. Failed rows are never returned. WorstRows returns nil
// when k <= 0 or when the run has none of the three columns.
func WorstRows(m *Model, run *Run, k int) []int {
	_, col, higherIsWorse, ok := rankingKey(run)
	if !ok || k <= 0 {
		return nil
	}

	var rows []int
	for i := range m.Rows {
		if m.Rows[i].Err == "" {
			rows = append(rows, i)
		}
	}
	value := func(i int) float64 {
		if col < len(m.Rows[i].Values) {
			return m.Rows[i].Values[col]
		}
		return math.NaN()
	}
	sort.SliceStable(rows, func(a, b int) bool {
		va, vb := value(rows[a]), value(rows[b])
		if math.IsNaN(va) || math.IsNaN(vb) {
			return !math.IsNaN(va) && math.IsNaN(vb)
		}
		if higherIsWorse {
			return va > vb
		}
		return va < vb
	})
	if len(rows) > k {
		rows = rows[:k]
	}
	return rows
}

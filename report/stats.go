package report

import (
	"math"
	"slices"
)

// Stats summarizes one per-image column of one model over its evaluated
// rows (failed rows are left out). Mean, median, std, min and max are taken
// over the finite values only, and they are NaN when there are none. Std is
// the population standard deviation (divisor n, not n-1).
type Stats struct {
	Mean   Float `json:"mean"`
	Median Float `json:"median"`
	Std    Float `json:"std"`
	Min    Float `json:"min"`
	Max    Float `json:"max"`
	Count  int   `json:"count"` // finite values
	NaN    int   `json:"nan"`   // NaN values
	Inf    int   `json:"inf"`   // +Inf and -Inf values, left out of the statistics
}

// columnValues returns the finite values of column col over the evaluated
// rows of m, in row order, with the number of NaN and infinite values.
// buf is reused when it has room.
func columnValues(m *Model, col int, buf []float64) (finite []float64, nans, infs int) {
	finite = buf[:0]
	for i := range m.Rows {
		row := &m.Rows[i]
		if row.Err != "" {
			continue
		}
		v := math.NaN()
		if col < len(row.Values) {
			v = row.Values[col]
		}
		switch {
		case math.IsNaN(v):
			nans++
		case math.IsInf(v, 0):
			infs++
		default:
			finite = append(finite, v)
		}
	}
	return finite, nans, infs
}

// computeStats returns the Stats of finite values. It sorts values in place,
// after summing them in their given (row) order so that the mean does not
// depend on the sort.
func computeStats(values []float64, nans, infs int) Stats {
	s := Stats{Count: len(values), NaN: nans, Inf: infs}
	if len(values) == 0 {
		nan := Float(math.NaN())
		s.Mean, s.Median, s.Std, s.Min, s.Max = nan, nan, nan, nan, nan
		return s
	}

	n := float64(len(values))
	var sum float64
	for _, v := range values {
		sum += v
	}
	mean := sum / n

	// Two passes: the sum of squared deviations from the mean is more
	// accurate than the difference of sum(x²)/n and mean².
	var squares float64
	for _, v := range values {
		d := v - mean
		squares += d * d
	}

	slices.Sort(values)
	half := len(values) / 2
	median := values[half]
	if len(values)%2 == 0 {
		median = (values[half-1] + values[half]) / 2
	}

	s.Mean = Float(mean)
	s.Median = Float(median)
	s.Std = Float(math.Sqrt(squares / n))
	s.Min = Float(values[0])
	s.Max = Float(values[len(values)-1])
	return s
}

// columnStats returns the Stats of column col of m.
func columnStats(m *Model, col int) Stats {
	values, nans, infs := columnValues(m, col, nil)
	return computeStats(values, nans, infs)
}

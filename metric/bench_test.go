package metric

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchmarkPair returns a fixed 1024×1024 pair: a GT of two overlapping
// ellipses and a soft prediction that fades out around them, with noise.
func benchmarkPair() (gt []uint8, pred []float64, width, height int) {
	width, height = 1024, 1024
	rng := rand.New(rand.NewPCG(7, 11))
	gt = make([]uint8, width*height)
	pred = make([]float64, width*height)
	for i := range height {
		for j := range width {
			a := math.Hypot(float64(j-420)/260, float64(i-500)/330)
			b := math.Hypot(float64(j-650)/180, float64(i-380)/140)
			d := math.Min(a, b)
			if d <= 1 {
				gt[i*width+j] = 255
			}
			v := 255 * (1.15 - d) / 0.3
			v += rng.NormFloat64() * 12
			pred[i*width+j] = math.Round(math.Max(0, math.Min(255, v))) / 255
		}
	}
	return gt, pred, width, height
}

func BenchmarkMetric(b *testing.B) {
	gt, pred, width, height := benchmarkPair()
	for _, name := range []string{"mae", "mse", "sm", "em", "fm", "wfm", "handlers", "auc", "hce", "mba", "biou"} {
		s, err := ParseSet(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("group="+name, func(b *testing.B) {
			var ws Workspace
			b.ReportAllocs()
			for b.Loop() {
				img := ws.Compute(gt, pred, width, height, s)
				img.Values(s)
			}
		})
	}
}

func BenchmarkDefaultSet(b *testing.B) {
	gt, pred, width, height := benchmarkPair()
	s := DefaultSet()
	var ws Workspace
	acc := NewAccumulator(s)
	b.ReportAllocs()
	for b.Loop() {
		img := ws.Compute(gt, pred, width, height, s)
		img.Values(s)
		acc.Add(img)
	}
}

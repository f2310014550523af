package loss

import (
	"math"
	"math/rand/v2"
	"testing"
)

// naiveSSIM computes the SSIM loss with a direct 2-D correlation over the
// 11×11 window w_a·w_b and zero padding, with no shortcut, as a check of
// the two-pass filter and of its flat-window shortcut.
func naiveSSIM(in Input) float64 {
	var taps [ssimRows]float64
	for k := range taps {
		taps[k] = ssimTaps[min(k, 2*ssimRadius-k)]
	}
	at := func(m []float64, i, j int) float64 {
		if i < 0 || i >= in.Height || j < 0 || j >= in.Width {
			return 0
		}
		return m[i*in.Width+j]
	}
	var sum float64
	for i := range in.Height {
		for j := range in.Width {
			var mp, mg, kpp, kgg, kpg float64
			for a := range ssimRows {
				var rp, rg, rpp, rgg, rpg float64
				for b := range ssimRows {
					p := at(in.P, i+a-ssimRadius, j+b-ssimRadius)
					g := at(in.G, i+a-ssimRadius, j+b-ssimRadius)
					rp += taps[b] * p
					rg += taps[b] * g
					rpp += taps[b] * p * p
					rgg += taps[b] * g * g
					rpg += taps[b] * p * g
				}
				mp += taps[a] * rp
				mg += taps[a] * rg
				kpp += taps[a] * rpp
				kgg += taps[a] * rgg
				kpg += taps[a] * rpg
			}
			sum += ssimPixel(mp, mg, kpp, kgg, kpg)
		}
	}
	return 1 - (1+sum/float64(in.Width*in.Height))/2
}

// TestSSIMMatchesDirectFilter checks the separable filter and its flat-window
// shortcut against the direct 2-D correlation. The patterns include flat
// regions with p ≠ g, where the window sum decides S, as well as edges,
// stripes just narrower and wider than the window, noise, and images smaller
// than the window.
func TestSSIMMatchesDirectFilter(t *testing.T) {
	const tol = 1e-12 // rounding only: both sides use the same weights
	rng := rand.New(rand.NewPCG(9, 10))
	tests := []struct {
		name     string
		w, h     int
		pred, gt func(i, j int) uint8
	}{
		{"flat p≠g", 30, 40, constant(100), constant(200)},
		{"flat p=g", 30, 40, constant(77), constant(77)},
		{"square", 32, 32, square, square},
		{"square inverted", 32, 32, func(i, j int) uint8 { return 255 - square(i, j) }, square},
		{"blocks", 61, 47, func(i, j int) uint8 { return uint8(40 * ((i/15 + j/12) % 4)) }, func(i, j int) uint8 { return uint8(60 * ((i/10 + j/20) % 3)) }},
		{"stripes 10 wide", 50, 35, func(_, j int) uint8 { return uint8(255 * (j / 10 % 2)) }, constant(0)},
		{"stripes 12 wide", 50, 35, func(i, _ int) uint8 { return uint8(255 * (i / 12 % 2)) }, constant(255)},
		{"noise", 40, 30, func(int, int) uint8 { return uint8(rng.IntN(256)) }, func(int, int) uint8 { return uint8(rng.IntN(256)) }},
		{"noise blob in flat", 60, 60, func(i, j int) uint8 {
			if i > 20 && i < 30 && j > 25 && j < 40 {
				return uint8(rng.IntN(256))
			}
			return 250
		}, constant(255)},
		{"1x1", 1, 1, constant(30), constant(255)},
		{"3x20", 3, 20, func(i, j int) uint8 { return uint8(i * j) }, constant(128)},
		{"11x11 flat", 11, 11, constant(255), constant(0)},
		{"12x12", 12, 12, square, constant(255)},
	}
	var ws Workspace
	for _, tt := range tests {
		in := levelsInput(tt.w, tt.h, tt.pred, tt.gt)
		want := naiveSSIM(in)
		got := ws.Compute(in, AllComponents())[SSIM]
		if !closeTo(got, want, tol, 1e-15) {
			t.Errorf("%s: ssim = %.17g, direct filter %.17g", tt.name, got, want)
		}
	}
}

// TestSSIMNaNPropagates checks that a NaN in the prediction, which breaks
// the input contract, shows up as a NaN loss instead of being hidden by the
// flat-window shortcut.
func TestSSIMNaNPropagates(t *testing.T) {
	in := levelsInput(40, 40, constant(0), constant(0))
	in = withoutLevels(in)
	for i := range in.P {
		in.P[i] = math.NaN()
	}
	var set Set
	set[SSIM] = true
	if got := Compute(in, set)[SSIM]; !math.IsNaN(got) {
		t.Errorf("ssim = %v on a NaN prediction, want NaN", got)
	}
}

// TestSSIMTapsSum checks the window: the eleven float32 weights, scaled so
// that the 2-D window sums to BiRefNet's float32 kernel sum
// 0.99999993055735 (Σ of the 121 products, each rounded to float32).
func TestSSIMTapsSum(t *testing.T) {
	if got := ssimTapSum * ssimTapSum; !closeTo(got, 0.99999993055735104, 1e-15, 0) {
		t.Errorf("(Σw)² = %.17g, want 0.99999993055735104", got)
	}
	for k := range ssimTaps {
		if ratio := ssimTaps[k] / ssimTapsFloat32[k]; !closeTo(ratio, ssimTaps[0]/ssimTapsFloat32[0], 1e-15, 0) {
			t.Errorf("tap %d scaled by %.17g, tap 0 by %.17g", k, ratio, ssimTaps[0]/ssimTapsFloat32[0])
		}
	}
	// The float32 weights are exp(−(k−5)²/4.5) over the float32 sum
	// 3.7592327594757 of the eleven exponentials, rounded to float32.
	for k := range ssimTapsFloat32 {
		e := float32(math.Exp(-float64((k-5)*(k-5)) / 4.5))
		if want := float64(e / float32(3.7592327594757)); ssimTapsFloat32[k] != want {
			t.Errorf("float32 weight %d = %.17g, want %.17g", k, ssimTapsFloat32[k], want)
		}
	}
}

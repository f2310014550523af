package loss

import (
	"math"
	"math/rand/v2"
	"testing"
)

const benchSize = 1024

// benchInput returns a benchSize×benchSize pair. The GT is a disk of radius
// 300 with a one-pixel anti-aliased edge. The prediction is a soft disk with
// a sigmoid edge of width 8 px and its centre shifted by 12 px. With noise
// set, the prediction also gets uniform noise of ±4 levels from a fixed
// seed, so that no region is flat, the worst case for SSIM. Without noise,
// most of the image is flat, as in real masks.
func benchInput(noise bool) Input {
	rng := rand.New(rand.NewPCG(1, 2))
	p8 := make([]uint8, benchSize*benchSize)
	g8 := make([]uint8, benchSize*benchSize)
	for y := range benchSize {
		for x := range benchSize {
			rg := math.Hypot(float64(y)-512, float64(x)-512)
			g := 255 * min(max(300.5-rg, 0), 1)
			rp := math.Hypot(float64(y)-512, float64(x)-524)
			p := 255 / (1 + math.Exp((rp-300)/8))
			if noise {
				p += float64(rng.IntN(9) - 4)
			}
			g8[y*benchSize+x] = uint8(g)
			p8[y*benchSize+x] = uint8(min(max(math.Round(p), 0), 255))
		}
	}
	return inputFromLevels(benchSize, benchSize, p8, g8)
}

func BenchmarkComponent(b *testing.B) {
	in := benchInput(true)
	for c := range NumComponents {
		b.Run("name="+c.Key(), func(b *testing.B) {
			var set Set
			set[c] = true
			benchCompute(b, in, set)
		})
	}
}

func BenchmarkAll(b *testing.B) {
	var nine Set
	for c := range IoUPatchTiled {
		nine[c] = true
	}
	for _, noise := range []bool{true, false} {
		in := benchInput(noise)
		input := "clean"
		if noise {
			input = "noisy"
		}
		b.Run("input="+input+"/set=nine", func(b *testing.B) { benchCompute(b, in, nine) })
		b.Run("input="+input+"/set=all", func(b *testing.B) { benchCompute(b, in, AllComponents()) })
		b.Run("input="+input+"/set=nine/route=float", func(b *testing.B) { benchCompute(b, withoutLevels(in), nine) })
	}
}

func benchCompute(b *testing.B, in Input, set Set) {
	var ws Workspace
	ws.Compute(in, set)
	b.ReportAllocs()
	for b.Loop() {
		ws.Compute(in, set)
	}
}

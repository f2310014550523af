// Command genpairs writes synthetic ground-truth and prediction PNG pairs
// for the benchmark script. The GT masks are a few anti-aliased ellipses.
// The predictions are shaped like a segmentation network's output: the
// shapes shifted, with a soft sigmoid edge, a faint false-positive blob and
// noise inside the uncertain band, and exactly 0 or 255 elsewhere.
package main

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"math"
	"math/rand"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "", "output folder; gt/ and pred/ are created in it")
	count := flag.Int("n", 64, "number of pairs")
	size := flag.Int("size", 1024, "width and height in pixels")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" || *count < 1 || *size < 1 {
		flag.Usage()
		os.Exit(2)
	}
	rng := rand.New(rand.NewSource(*seed))
	for _, d := range []string{"gt", "pred"} {
		if err := os.MkdirAll(filepath.Join(*out, d), 0o755); err != nil {
			log.Fatal(err)
		}
	}
	for i := 0; i < *count; i++ {
		gt, pred := makePair(rng, *size)
		name := fmt.Sprintf("%04d.png", i)
		if err := writePNG(filepath.Join(*out, "gt", name), gt); err != nil {
			log.Fatal(err)
		}
		if err := writePNG(filepath.Join(*out, "pred", name), pred); err != nil {
			log.Fatal(err)
		}
	}
}

type ellipse struct{ cx, cy, rx, ry float64 }

func makePair(rng *rand.Rand, size int) (*image.Gray, *image.Gray) {
	s := float64(size)
	var shapes []ellipse
	for k := 0; k < 1+rng.Intn(4); k++ {
		shapes = append(shapes, ellipse{
			cx: s * (0.2 + 0.6*rng.Float64()), cy: s * (0.2 + 0.6*rng.Float64()),
			rx: s * (0.05 + 0.2*rng.Float64()), ry: s * (0.05 + 0.2*rng.Float64()),
		})
	}
	dx, dy := 0.02*s*(rng.Float64()-0.5), 0.02*s*(rng.Float64()-0.5)
	blob := ellipse{cx: s * rng.Float64(), cy: s * rng.Float64(), rx: s * 0.08, ry: s * 0.05}
	gt := image.NewGray(image.Rect(0, 0, size, size))
	pred := image.NewGray(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			// The prediction is the GT shifted by (dx, dy) with a 6-pixel soft
			// edge, plus a faint blob, with noise where it is neither 0 nor 1,
			// truncated to 8 bits as BiRefNet saves maps.
			g := coverage(shapes, float64(x), float64(y), 1.0)
			p := coverage(shapes, float64(x)-dx, float64(y)-dy, 6.0)
			p = math.Max(p, 0.3*coverage([]ellipse{blob}, float64(x), float64(y), 20.0))
			if p > 0 && p < 1 {
				p = math.Min(1, math.Max(0, p+0.05*rng.NormFloat64()))
			}
			gt.Pix[y*size+x] = uint8(math.Round(255 * g))
			pred.Pix[y*size+x] = uint8(255 * p)
		}
	}
	return gt, pred
}

// coverage is a soft inside-test: 1 deep inside any ellipse, 0 far outside,
// with a ramp of about `edge` pixels across the border.
func coverage(shapes []ellipse, x, y, edge float64) float64 {
	best := 0.0
	for _, e := range shapes {
		u, v := (x-e.cx)/e.rx, (y-e.cy)/e.ry
		r := math.Sqrt(u*u + v*v)
		d := (1 - r) * math.Min(e.rx, e.ry) / edge // approximate distance inside the border, in units of edge
		c := math.Min(1, math.Max(0, 0.5+d))
		best = math.Max(best, c)
	}
	return best
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

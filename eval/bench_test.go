package eval

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/birefloss/birefloss/imgio"
	"github.com/birefloss/birefloss/loss"
	"github.com/birefloss/birefloss/metric"
)

// writeBenchPair writes one size×size pair: a GT disk with an anti-aliased
// edge, and a shifted prediction with a soft edge and noise inside the edge
// band, saturated to 0 and 255 elsewhere like a network's output (fixed seed).
func writeBenchPair(b *testing.B, dir string, size int) {
	b.Helper()
	rng := rand.New(rand.NewSource(1))
	gt := image.NewGray(image.Rect(0, 0, size, size))
	pred := image.NewGray(image.Rect(0, 0, size, size))
	c, r := float64(size)/2, float64(size)/4
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			d := math.Hypot(float64(x)-c, float64(y)-c)
			g := math.Min(1, math.Max(0, r-d+0.5))
			p := 1 / (1 + math.Exp((math.Hypot(float64(x)-c-9, float64(y)-c)-r)/4))
			if p > 1.0/255 && p < 254.0/255 {
				p = math.Min(1, math.Max(0, p+0.05*rng.NormFloat64()))
			}
			gt.Pix[y*size+x] = uint8(math.Round(255 * g))
			pred.Pix[y*size+x] = uint8(255 * p)
		}
	}
	for sub, img := range map[string]*image.Gray{"gt": gt, "pred": pred} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			b.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, sub, "pair.png"))
		if err != nil {
			b.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvalPair measures the whole evaluation of one 1024×1024 pair on
// one worker: pairing, PNG decoding of both files, the computations and the
// aggregation (no output files).
func BenchmarkEvalPair(b *testing.B) {
	dir := b.TempDir()
	writeBenchPair(b, dir, 1024)
	nine, err := loss.ParseSet("bce,iou,iou_patch,ssim,mae,mse,reg,cnt,structure")
	if err != nil {
		b.Fatal(err)
	}
	weights, err := loss.Preset("DIS5K")
	if err != nil {
		b.Fatal(err)
	}
	configs := []struct {
		name       string
		losses     loss.Set
		metricsOff bool
	}{
		{"losses=nine/metrics=none", nine, true},
		{"losses=all/metrics=none", loss.AllComponents(), true},
		{"losses=none/metrics=default", loss.Set{}, false},
		{"losses=all/metrics=default", loss.AllComponents(), false},
	}
	for _, c := range configs {
		b.Run(c.name, func(b *testing.B) {
			opts := Options{
				GTDir:      filepath.Join(dir, "gt"),
				Models:     []Model{{Name: "m", PredDir: filepath.Join(dir, "pred")}},
				Resize:     imgio.ResizeBilinear,
				Losses:     c.losses,
				Weights:    weights,
				Metrics:    metric.DefaultSet(),
				MetricsOff: c.metricsOff,
				Workers:    1,
			}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				plan, err := NewPlan(opts)
				if err != nil {
					b.Fatal(err)
				}
				run, err := plan.Execute(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if len(run.Models[0].Rows) != 1 {
					b.Fatal(fmt.Sprintf("got %d rows", len(run.Models[0].Rows)))
				}
			}
		})
	}
}

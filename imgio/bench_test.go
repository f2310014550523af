package imgio

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// benchImage returns a 1024×1024 soft-edged disk, in grey or in RGB with
// slightly different channels, so that the PNG compresses like a mask.
func benchImage(rgb bool) image.Image {
	const size = 1024
	rng := rand.New(rand.NewPCG(1, 2))
	grey := image.NewGray(image.Rect(0, 0, size, size))
	colour := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x-size/2), float64(y-size/3)
			d := (dx*dx + dy*dy) / (300 * 300)
			v := uint8(max(0, min(255, 255*(1.5-d)+float64(rng.IntN(3)))))
			grey.SetGray(x, y, color.Gray{Y: v})
			colour.SetRGBA(x, y, color.RGBA{v, v / 2, 255 - v, 255})
		}
	}
	if rgb {
		return colour
	}
	return grey
}

// BenchmarkRead measures Read on 1024×1024 PNGs next to image/png's own
// Decode of the same bytes. SetBytes counts output pixels, so MB/s is
// megapixels per second.
func BenchmarkRead(b *testing.B) {
	for _, kind := range []struct {
		name string
		rgb  bool
	}{{"grey", false}, {"rgb", true}} {
		var buf bytes.Buffer
		if err := png.Encode(&buf, benchImage(kind.rgb)); err != nil {
			b.Fatal(err)
		}
		path := writeTemp(b, b.TempDir(), kind.name+".png", buf.Bytes())

		b.Run("format="+kind.name+"/func=Read", func(b *testing.B) {
			b.SetBytes(1024 * 1024)
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Read(path, ReadOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("format="+kind.name+"/func=png.Decode", func(b *testing.B) {
			b.SetBytes(1024 * 1024)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := png.Decode(bytes.NewReader(buf.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkResizeLinear measures the common SOD case (a 640×480 prediction
// resized to 481×321), an upscale to 1024×1024 and the 2× area path.
func BenchmarkResizeLinear(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		name                   string
		srcW, srcH, dstW, dstH int
	}{
		{"640x480_to_481x321", 640, 480, 481, 321},
		{"512x512_to_1024x1024", 512, 512, 1024, 1024},
		{"2048x2048_to_1024x1024", 2048, 2048, 1024, 1024},
	}
	for _, c := range cases {
		src := &Mask{Width: c.srcW, Height: c.srcH, Pix: make([]uint8, c.srcW*c.srcH)}
		for i := range src.Pix {
			src.Pix[i] = uint8(rng.IntN(256))
		}
		b.Run("size="+c.name, func(b *testing.B) {
			b.SetBytes(int64(c.dstW * c.dstH))
			b.ReportAllocs()
			for b.Loop() {
				ResizeLinear(src, c.dstW, c.dstH)
			}
		})
	}
}

// BenchmarkResizeFloatAlignCorners measures the 640×480 to 481×321 case on
// float64 values.
func BenchmarkResizeFloatAlignCorners(b *testing.B) {
	src := make([]float64, 640*480)
	for i := range src {
		src[i] = float64(i%256) / 255
	}
	dst := make([]float64, 481*321)
	b.SetBytes(int64(len(dst)))
	b.ReportAllocs()
	for b.Loop() {
		ResizeFloatAlignCorners(src, 640, 480, dst, 481, 321)
	}
}

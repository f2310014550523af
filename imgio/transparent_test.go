package imgio

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestInfoTransparent(t *testing.T) {
	encode := func(img image.Image) []byte {
		t.Helper()
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	opaque := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	cutout := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	for i := 0; i < 4; i++ {
		opaque.Set(i%2, i/2, color.NRGBA{R: 200, G: 200, B: 200, A: 255})
		cutout.Set(i%2, i/2, color.NRGBA{R: 200, G: 10, B: 10, A: uint8(60 * i)})
	}
	cases := []struct {
		name  string
		data  []byte
		alpha bool
		want  bool
	}{
		{"opaque RGBA", encode(opaque), false, false},
		{"cut-out RGBA", encode(cutout), false, true},
		{"cut-out read with alpha", encode(cutout), true, false},
		{"grey", encode(image.NewGray(image.Rect(0, 0, 2, 2))), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, info, err := Decode(bytes.NewReader(c.data), ReadOptions{Alpha: c.alpha})
			if err != nil {
				t.Fatal(err)
			}
			if info.Transparent != c.want {
				t.Errorf("Transparent = %v, want %v", info.Transparent, c.want)
			}
		})
	}
}

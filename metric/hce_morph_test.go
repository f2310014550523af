package metric

import "testing"

// The expected values come from a direct 3×3-cross filter over the same
// masks, with the same border rules.
func TestCrossFilterMatchesBruteForce(t *testing.T) {
	for _, w := range []int{1, 2, 9, 10, 11, 17, 18, 25, 64, 65} {
		h := 5
		src := buildMask(w, h, func(i, j int) int { return ((i*7 + j*13 + i*j) % 5) / 3 })
		stop := buildMask(w, h, func(i, j int) int { return ((i*3 + j*5) % 7) / 5 })
		for _, erode := range []bool{true, false} {
			for _, st := range [][]uint8{nil, stop} {
				got := make([]uint8, w*h)
				crossFilter(got, src, st, w, h, erode)
				for y := range h {
					for x := range w {
						v := src[y*w+x]
						for _, d := range [][2]int{{0, 1}, {0, -1}, {1, 0}, {-1, 0}} {
							yy, xx := y+d[0], x+d[1]
							if yy < 0 || yy >= h || xx < 0 || xx >= w {
								continue
							}
							if erode {
								v &= src[yy*w+xx]
							} else {
								v |= src[yy*w+xx]
							}
						}
						if st != nil {
							v &^= st[y*w+x]
						}
						if got[y*w+x] != v {
							t.Fatalf("w=%d erode=%v stop=%v at %d,%d: %d want %d", w, erode, st != nil, x, y, got[y*w+x], v)
						}
					}
				}
			}
		}
	}
}

// erodeDiamond and growGeodesic must equal k rounds of crossFilter.
func TestDiamondMatchesRepeatedCross(t *testing.T) {
	for _, size := range [][2]int{{1, 1}, {7, 3}, {16, 16}, {33, 21}} {
		w, h := size[0], size[1]
		for seed := range 4 {
			mask := buildMask(w, h, func(i, j int) int { return b2i((i*31+j*17+i*j*seed+seed*7)%11 < 6+seed) })
			stop := buildMask(w, h, func(i, j int) int { return b2i((i*13+j*5+seed)%7 == 0) })
			for k := 1; k <= 5; k++ {
				var db diamondBuffers

				want := append([]uint8(nil), mask...)
				tmp := make([]uint8, len(mask))
				for range k {
					crossFilter(tmp, want, nil, w, h, true)
					want, tmp = tmp, want
				}
				got := append([]uint8(nil), mask...)
				db.erodeDiamond(got, w, h, k)
				if formatMask(got, w) != formatMask(want, w) {
					t.Errorf("%dx%d seed %d k=%d: erodeDiamond = %s, want %s", w, h, seed, k, formatMask(got, w), formatMask(want, w))
				}

				// growGeodesic needs seeds outside stop.
				seeds := append([]uint8(nil), mask...)
				for i := range seeds {
					seeds[i] &^= stop[i]
				}
				want = append([]uint8(nil), seeds...)
				for range k {
					crossFilter(tmp, want, stop, w, h, false)
					want, tmp = tmp, want
				}
				got = append([]uint8(nil), seeds...)
				db.growGeodesic(got, stop, w, h, k)
				if formatMask(got, w) != formatMask(want, w) {
					t.Errorf("%dx%d seed %d k=%d: growGeodesic = %s, want %s", w, h, seed, k, formatMask(got, w), formatMask(want, w))
				}
			}
		}
	}
}

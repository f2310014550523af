package metric

// Skeletonisation of the binary GT as scikit-image 0.19.3 computes it
// (skimage.morphology.skeletonize on a 2-D image): an iterative thinning in
// the style of Zhang and Suen, "A fast parallel algorithm for thinning
// digital patterns", Communications of the ACM 27(3), 1984. Each iteration
// has two subiterations. A subiteration decides every pixel from the image
// as it was when the subiteration began, then removes the chosen pixels at
// once. Thinning stops after an iteration that removes nothing. Pixels
// outside the image are background.

// Neighbour bits of the 8-neighbourhood code, as scikit-image numbers them.
const (
	nbNW = 1 << iota
	nbN
	nbNE
	nbE
	nbSE
	nbS
	nbSW
	nbW
)

// Removal classes of a neighbourhood code: removable in the first
// subiteration, in the second, or in both.
const (
	removeFirst  = 1
	removeSecond = 2
)

// skeletonTable maps each 8-neighbourhood code to its removal classes.
var skeletonTable = newSkeletonTable()

// newSkeletonTable derives the table from Zhang and Suen's conditions and
// then applies the entries where scikit-image's table differs from them.
//
// Zhang and Suen remove a pixel P whose neighbours P2…P9 (N, NE, E, SE, S,
// SW, W, NW) satisfy 2 ≤ B ≤ 6, where B counts the foreground neighbours,
// and A = 1, where A counts the 0→1 transitions in the cyclic sequence
// P2, P3, …, P9, P2. The first subiteration also needs N·E·S = 0 and
// E·S·W = 0, the second N·E·W = 0 and N·S·W = 0.
func newSkeletonTable() [256]uint8 {
	var table [256]uint8
	for code := range 256 {
		has := func(bit int) int {
			if code&bit != 0 {
				return 1
			}
			return 0
		}
		p := [8]int{has(nbN), has(nbNE), has(nbE), has(nbSE), has(nbS), has(nbSW), has(nbW), has(nbNW)}
		b, a := 0, 0
		for k, v := range p {
			b += v
			if v == 0 && p[(k+1)%8] == 1 {
				a++
			}
		}
		if b < 2 || b > 6 || a != 1 {
			continue
		}
		n, e, s, w := p[0], p[2], p[4], p[6]
		if n*e*s == 0 && e*s*w == 0 {
			table[code] |= removeFirst
		}
		if n*e*w == 0 && n*s*w == 0 {
			table[code] |= removeSecond
		}
	}

	// scikit-image 0.19.3 uses a fixed table inherited from CellProfiler.
	// It agrees with the conditions above except for these 25 codes, found
	// by comparing the two tables entry by entry. Most of them are corner
	// pixels whose two foreground neighbours touch diagonally, which the
	// table removes although A = 2, and two-pixel ends that it removes in
	// one subiteration only.
	for code, classes := range map[int]uint8{
		nbNW | nbN:              removeFirst,
		nbN | nbNE:              removeFirst,
		nbN | nbE:               removeFirst | removeSecond,
		nbNW | nbN | nbE:        removeFirst,
		nbNE | nbE:              removeFirst,
		nbN | nbNE | nbE:        removeFirst,
		nbE | nbSE:              removeSecond,
		nbN | nbE | nbSE:        removeSecond,
		nbE | nbS:               removeFirst | removeSecond,
		nbSE | nbS:              0,
		nbE | nbSE | nbS:        removeSecond,
		nbS | nbSW:              removeSecond,
		nbE | nbS | nbSW:        removeSecond,
		nbNE | nbE | nbS | nbSW: removeSecond,
		nbNW | nbW:              0,
		nbN | nbW:               removeFirst | removeSecond,
		nbNW | nbN | nbW:        removeFirst,
		nbN | nbNE | nbW:        removeFirst,
		nbS | nbW:               removeFirst | removeSecond,
		nbNW | nbS | nbW:        removeFirst,
		nbSE | nbS | nbW:        removeSecond,
		nbSW | nbW:              removeSecond,
		nbN | nbSW | nbW:        removeFirst,
		nbN | nbNE | nbSW | nbW: removeFirst,
		nbS | nbSW | nbW:        removeSecond,
	} {
		table[code] = classes
	}
	return table
}

// skeletonBuffers contains the scratch memory of skeletonize.
type skeletonBuffers struct {
	padded     []uint8 // (width+2)·(height+2) pixels with a background frame
	stamp      []uint32
	generation uint32
	candidates []skeletonCandidate
	next       []skeletonCandidate
	removed    []int32
}

// skeletonCandidate is a foreground pixel that a subiteration must test: its
// padded index, and how many subiterations in a row have tested it since its
// neighbourhood last changed.
type skeletonCandidate struct {
	index int32
	tests uint8
}

// skeletonize writes the skeleton of the foreground of fg (0 or 1 per pixel)
// into dst, both width·height pixels.
//
// The decisions are those of a full raster scan, but only candidates are
// tested. A pixel without a background 8-neighbour has code 255, which is
// never removable, so the first candidates are the foreground pixels with
// one. A pixel that two subiterations in a row (one of each kind) kept with
// an unchanged neighbourhood stays until a neighbour is removed, at which
// point it becomes a candidate again.
func (sb *skeletonBuffers) skeletonize(dst, fg []uint8, width, height int) {
	pw := width + 2
	size := pw * (height + 2)
	sb.padded = resize(sb.padded, size)
	clear(sb.padded)
	if len(sb.stamp) < size {
		sb.stamp = make([]uint32, size)
		sb.generation = 0
	}
	img := sb.padded
	for y := range height {
		copy(img[(y+1)*pw+1:(y+1)*pw+1+width], fg[y*width:(y+1)*width])
	}
	offsets := [8]int{-pw - 1, -pw, -pw + 1, 1, pw + 1, pw, pw - 1, -1} // NW, N, NE, E, SE, S, SW, W

	sb.candidates = sb.candidates[:0]
	for y := 1; y <= height; y++ {
		for i := y*pw + 1; i <= y*pw+width; i++ {
			if img[i] == 0 {
				continue
			}
			if img[i-pw-1]&img[i-pw]&img[i-pw+1]&img[i-1]&img[i+1]&img[i+pw-1]&img[i+pw]&img[i+pw+1] == 0 {
				sb.candidates = append(sb.candidates, skeletonCandidate{index: int32(i)})
			}
		}
	}

	class := uint8(removeFirst)
	for len(sb.candidates) > 0 {
		sb.removed = sb.removed[:0]
		for _, c := range sb.candidates {
			i := int(c.index)
			code := int(img[i-pw-1]) | int(img[i-pw])<<1 | int(img[i-pw+1])<<2 | int(img[i+1])<<3 |
				int(img[i+pw+1])<<4 | int(img[i+pw])<<5 | int(img[i+pw-1])<<6 | int(img[i-1])<<7
			if skeletonTable[code]&class != 0 {
				sb.removed = append(sb.removed, c.index)
			}
		}
		for _, r := range sb.removed {
			img[r] = 0
		}

		// The next candidates: the foreground neighbours of the removed
		// pixels, then the other remaining candidates that have not yet been
		// tested by both kinds of subiteration.
		sb.generation++
		sb.next = sb.next[:0]
		for _, r := range sb.removed {
			for _, o := range offsets {
				j := int(r) + o
				if img[j] != 0 && sb.stamp[j] != sb.generation {
					sb.next = append(sb.next, skeletonCandidate{index: int32(j)})
					sb.stamp[j] = sb.generation
				}
			}
		}
		for _, c := range sb.candidates {
			if img[c.index] == 0 || sb.stamp[c.index] == sb.generation || c.tests+1 >= 2 {
				continue
			}
			sb.next = append(sb.next, skeletonCandidate{index: c.index, tests: c.tests + 1})
			sb.stamp[c.index] = sb.generation
		}
		sb.candidates, sb.next = sb.next, sb.candidates
		class ^= removeFirst | removeSecond
	}

	for y := range height {
		copy(dst[y*width:(y+1)*width], img[(y+1)*pw+1:(y+1)*pw+1+width])
	}
}

// resize returns buf with length n, reallocating only when it is too short.
func resize[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
}

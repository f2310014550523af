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
	candidates []int32 // padded indices of foreground pixels that may be removable
	next       []int32
	removed    []int32
}

// skeletonize writes the skeleton of the foreground of fg (0 or 1 per pixel)
// into dst, both width·height pixels.
//
// Only foreground pixels with a background 8-neighbour can be removed (the
// code of a pixel without one is 255, which is never removable), so each
// subiteration visits a list of such candidates instead of the whole image.
// The decisions are the same as a full raster scan because a subiteration
// reads only the image as it was at its start.
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

	sb.generation++
	sb.candidates = sb.candidates[:0]
	for y := 1; y <= height; y++ {
		for i := y*pw + 1; i <= y*pw+width; i++ {
			if img[i] == 0 {
				continue
			}
			for _, o := range offsets {
				if img[i+o] == 0 {
					sb.candidates = append(sb.candidates, int32(i))
					sb.stamp[i] = sb.generation
					break
				}
			}
		}
	}

	for {
		removedAny := false
		for _, class := range [2]uint8{removeFirst, removeSecond} {
			sb.removed = sb.removed[:0]
			for _, c := range sb.candidates {
				i := int(c)
				code := 0
				for k, o := range offsets {
					code |= int(img[i+o]) << k
				}
				if skeletonTable[code]&class != 0 {
					sb.removed = append(sb.removed, c)
				}
			}
			if len(sb.removed) == 0 {
				continue
			}
			removedAny = true
			for _, c := range sb.removed {
				img[c] = 0
			}

			// The next candidates: the remaining ones and the foreground
			// neighbours of the removed pixels.
			sb.generation++
			sb.next = sb.next[:0]
			for _, c := range sb.candidates {
				if img[c] != 0 {
					sb.next = append(sb.next, c)
					sb.stamp[c] = sb.generation
				}
			}
			for _, c := range sb.removed {
				for _, o := range offsets {
					j := int(c) + o
					if img[j] != 0 && sb.stamp[j] != sb.generation {
						sb.next = append(sb.next, int32(j))
						sb.stamp[j] = sb.generation
					}
				}
			}
			sb.candidates, sb.next = sb.next, sb.candidates
		}
		if !removedAny {
			break
		}
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

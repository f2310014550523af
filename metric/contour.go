package metric

// Border following as OpenCV 4.6 cv::findContours does it with RETR_TREE
// and CHAIN_APPROX_NONE: the algorithm of Suzuki and Abe, "Topological
// structural analysis of digitized binary images by border following",
// CVGIP 30(1), 1985. The image is padded with a background frame, so pixels
// on the image border get contours too. The contour order, the start point
// of each contour and its direction are those of OpenCV, because HCE splits
// contours into runs in that order.

// point is a pixel position, x the column and y the row.
type point struct {
	x, y int32
}

// Chain-code directions as OpenCV numbers them: 0 is +x (right), 2 is −y
// (up), and the index grows counterclockwise on screen.
var (
	chainDX = [8]int{1, 1, 0, -1, -1, -1, 0, 1}
	chainDY = [8]int{0, -1, -1, -1, 0, 1, 1, 1}
)

// contourSet contains the contours of one mask and the scratch memory that
// finds them. points[start[k]:start[k+1]] is contour k in discovery order,
// and order lists the contours in the order findContours returns them.
type contourSet struct {
	padded []int32 // 0 background, 1 unvisited foreground, ±(id+2) visited by contour id
	points []point
	start  []int
	parent []int // −1 for the image frame
	hole   []bool
	order  []int

	firstChild, nextSibling, stack []int
}

// find computes the contours of mask (0 or 1 per pixel, width·height
// pixels).
func (cs *contourSet) find(mask []uint8, width, height int) {
	pw := width + 2
	cs.padded = resize(cs.padded, pw*(height+2))
	img := cs.padded
	clear(img)
	for y := range height {
		row := img[(y+1)*pw+1:]
		for x, v := range mask[y*width : (y+1)*width] {
			row[x] = int32(v)
		}
	}
	var offsets [8]int
	for s := range offsets {
		offsets[s] = chainDY[s]*pw + chainDX[s]
	}

	cs.points = cs.points[:0]
	cs.start = append(cs.start[:0], 0)
	cs.parent = cs.parent[:0]
	cs.hole = cs.hole[:0]

	for y := 1; y <= height; y++ {
		rowStart := y * pw
		prev := int32(0)
		lnbd := 0 // column of the last border pixel met on this row, 0 for the frame
		for x := 1; x <= width; x++ {
			p := img[rowStart+x]
			if p == prev {
				continue
			}
			outer := prev == 0 && p == 1
			hole := !outer && p == 0 && prev >= 1
			if outer || hole {
				id := len(cs.parent)
				originX := x
				if hole {
					originX = x - 1
					if prev != 1 {
						lnbd = x - 1
					}
				}

				// Suzuki and Abe's parent rule: the border B' of the last
				// visited pixel met on the row is the parent when it is of
				// the other kind (outer versus hole), else B's parent is.
				parent := -1
				if lnbd > 0 {
					other := int(abs32(img[rowStart+lnbd])) - 2
					if cs.hole[other] == hole {
						parent = cs.parent[other]
					} else {
						parent = other
					}
				}
				cs.parent = append(cs.parent, parent)
				cs.hole = append(cs.hole, hole)
				cs.follow(img, rowStart+originX, pw, &offsets, hole, int32(id+2))
				cs.start = append(cs.start, len(cs.points))
				lnbd = originX
				prev = img[rowStart+x]
				continue
			}
			prev = p
			if p != 0 && p != 1 {
				lnbd = x
			}
		}
	}
	cs.sortTree()
}

// follow traces one border from the padded index origin, appends its points
// and marks its pixels with mark: −mark where the pixel's right neighbour
// was examined and is background, else mark if the pixel was unvisited.
func (cs *contourSet) follow(img []int32, origin, pw int, offsets *[8]int, hole bool, mark int32) {
	at := func(i int) point {
		return point{x: int32(i%pw - 1), y: int32(i/pw - 1)}
	}

	// Search clockwise from the background pixel that revealed the border
	// (left of an outer border's start, right of a hole border's start).
	s := 4
	if hole {
		s = 0
	}
	end := s
	i1 := -1
	for {
		s = (s - 1) & 7
		if img[origin+offsets[s]] != 0 {
			i1 = origin + offsets[s]
			break
		}
		if s == end {
			break
		}
	}
	if i1 < 0 {
		img[origin] = -mark
		cs.points = append(cs.points, at(origin))
		return
	}

	i3 := origin
	for {
		// Search counterclockwise from the previous pixel for the next one.
		from := s
		var i4 int
		for k := 1; k <= 8; k++ {
			s = (from + k) & 7
			i4 = i3 + offsets[s]
			if img[i4] != 0 {
				break
			}
		}
		if s != 0 && s-1 < from {
			// The search passed direction 0, so the right neighbour is
			// background.
			img[i3] = -mark
		} else if img[i3] == 1 {
			img[i3] = mark
		}
		cs.points = append(cs.points, at(i3))
		if i4 == origin && i3 == i1 {
			return
		}
		i3 = i4
		s = (s + 4) & 7
	}
}

// sortTree fills order with OpenCV's output order, a depth-first pre-order
// walk of the contour tree. Each node's children, and the top-level
// contours, come in reverse discovery order, because OpenCV inserts each
// new contour at the head of its parent's child list.
func (cs *contourSet) sortTree() {
	n := len(cs.parent)
	cs.firstChild = resize(cs.firstChild, n+1) // index n is the frame
	cs.nextSibling = resize(cs.nextSibling, n)
	for k := range cs.firstChild {
		cs.firstChild[k] = -1
	}
	for k := range n {
		p := cs.parent[k]
		if p < 0 {
			p = n
		}
		cs.nextSibling[k] = cs.firstChild[p]
		cs.firstChild[p] = k
	}

	cs.order = cs.order[:0]
	cs.stack = cs.stack[:0]
	if c := cs.firstChild[n]; c >= 0 {
		cs.stack = append(cs.stack, c)
	}
	for len(cs.stack) > 0 {
		k := cs.stack[len(cs.stack)-1]
		cs.stack = cs.stack[:len(cs.stack)-1]
		cs.order = append(cs.order, k)
		if sib := cs.nextSibling[k]; sib >= 0 {
			cs.stack = append(cs.stack, sib)
		}
		if child := cs.firstChild[k]; child >= 0 {
			cs.stack = append(cs.stack, child)
		}
	}
}

// contour returns the points of contour k.
func (cs *contourSet) contour(k int) []point {
	return cs.points[cs.start[k]:cs.start[k+1]]
}

func abs32(v int32) int32 {
	if v < 0 {
		return -v
	}
	return v
}

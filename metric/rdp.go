package metric

// polyRange is a span of indices [start, end] of a curve.
type polyRange struct {
	start, end int
}

// rdpBuffers contains the scratch memory of approxPolyCount.
type rdpBuffers struct {
	stack []polyRange
	kept  []point
}

// approxPolyCount returns the number of vertices that OpenCV 4.6's
// cv::approxPolyDP(curve, epsilon, closed=false) returns for an integer
// curve whose points are distinct.
//
// OpenCV runs the Douglas–Peucker recursion with an explicit stack. A span is
// kept as a single segment when the largest distance of its inner points to
// the chord is at most epsilon, compared as d²·|chord|² ≤ ε²·|chord|² on
// exact integer products. Otherwise it splits at the first point of largest
// distance, and the left half is processed first, so the output keeps the
// curve's order. A cleanup pass then drops a middle vertex v between
// neighbours a and b when three conditions hold. Its distance to the chord
// ab is at most ε/√2. The chord is neither horizontal nor vertical. And v
// lies between a and b along the chord: (v − a)·(b − v) ≥ 0. A one-point
// curve returns 1.
func (rb *rdpBuffers) approxPolyCount(curve []point, epsilon float64) int {
	n := len(curve)
	if n <= 1 {
		// OpenCV treats a curve whose ends coincide as closed, and one
		// point gives one vertex.
		return n
	}
	eps2 := epsilon * epsilon

	rb.kept = rb.kept[:0]
	rb.stack = append(rb.stack[:0], polyRange{start: 0, end: n - 1})
	for len(rb.stack) > 0 {
		r := rb.stack[len(rb.stack)-1]
		rb.stack = rb.stack[:len(rb.stack)-1]
		a, b := curve[r.start], curve[r.end]
		if r.start+1 >= r.end {
			rb.kept = append(rb.kept, a)
			continue
		}
		dx := float64(b.x - a.x)
		dy := float64(b.y - a.y)
		maxDist, split := 0.0, r.start
		for k := r.start + 1; k < r.end; k++ {
			p := curve[k]
			d := float64(p.y-a.y)*dx - float64(p.x-a.x)*dy
			if d < 0 {
				d = -d
			}
			if d > maxDist {
				maxDist, split = d, k
			}
		}
		if maxDist*maxDist <= eps2*(dx*dx+dy*dy) {
			rb.kept = append(rb.kept, a)
			continue
		}
		rb.stack = append(rb.stack, polyRange{start: split, end: r.end}, polyRange{start: r.start, end: split})
	}
	rb.kept = append(rb.kept, curve[n-1])

	return cleanupCount(rb.kept, eps2)
}

// cleanupCount applies OpenCV's final pass over the kept vertices of an
// open curve and returns how many remain. kept is overwritten.
func cleanupCount(kept []point, eps2 float64) int {
	count := len(kept)
	remaining := count
	start := kept[0]
	write := 1
	pos := 1
	mid := kept[pos]
	pos++
	for i := 1; i < count-1 && remaining > 2; i++ {
		end := kept[pos%count]
		pos++
		dx := float64(end.x - start.x)
		dy := float64(end.y - start.y)
		dist := float64(mid.x-start.x)*dy - float64(mid.y-start.y)*dx
		inner := float64(mid.x-start.x)*float64(end.x-mid.x) + float64(mid.y-start.y)*float64(end.y-mid.y)
		if dist*dist <= 0.5*eps2*(dx*dx+dy*dy) && dx != 0 && dy != 0 && inner >= 0 {
			remaining--
			start = end
			kept[write%count] = end
			write++
			mid = kept[pos%count]
			pos++
			i++
			continue
		}
		start = mid
		kept[write%count] = mid
		write++
		mid = end
	}
	return remaining
}

package metric

import "encoding/binary"

// crossFilter writes into dst the erosion (erode true) or the dilation of the
// 0/1 mask src by the 3×3 cross, as cv2.erode and cv2.dilate compute them
// with their default border. Pixels outside the image count as foreground
// for the erosion and as background for the dilation, so they never change
// the result. If stop is not nil, pixels set in stop are cleared in dst.
//
// The inner columns are processed 8 at a time as uint64 words, which is exact
// because every byte is 0 or 1 and the operations are bytewise OR, AND and
// AND NOT.
func crossFilter(dst, src, stop []uint8, width, height int, erode bool) {
	for y := range height {
		row := src[y*width : (y+1)*width]
		up, down := row, row // outside rows leave the result unchanged
		if y > 0 {
			up = src[(y-1)*width : y*width]
		}
		if y < height-1 {
			down = src[(y+1)*width : (y+2)*width]
		}
		out := dst[y*width : (y+1)*width]
		var stopRow []uint8
		if stop != nil {
			stopRow = stop[y*width : (y+1)*width]
		}

		x := 0
		if width >= 10 {
			crossWords(out, row, up, down, stopRow, erode)
			crossPixel(out, row, up, down, stopRow, 0, erode)
			x = 1 + (width-9)/8*8
		}
		for ; x < width; x++ {
			crossPixel(out, row, up, down, stopRow, x, erode)
		}
	}
}

// crossWords computes crossFilter's output for columns 1 to 8k of one row, the
// largest run of whole words whose left and right neighbours lie in the row.
// Each case has its own loop so that the loops carry no branches.
func crossWords(out, row, up, down, stopRow []uint8, erode bool) {
	width := len(row)
	switch {
	case erode && stopRow == nil:
		for x := 1; x+9 <= width; x += 8 {
			v := le64(row[x:]) & le64(row[x-1:]) & le64(row[x+1:]) & le64(up[x:]) & le64(down[x:])
			binary.LittleEndian.PutUint64(out[x:], v)
		}
	case !erode && stopRow == nil:
		for x := 1; x+9 <= width; x += 8 {
			v := le64(row[x:]) | le64(row[x-1:]) | le64(row[x+1:]) | le64(up[x:]) | le64(down[x:])
			binary.LittleEndian.PutUint64(out[x:], v)
		}
	case !erode:
		for x := 1; x+9 <= width; x += 8 {
			v := le64(row[x:]) | le64(row[x-1:]) | le64(row[x+1:]) | le64(up[x:]) | le64(down[x:])
			binary.LittleEndian.PutUint64(out[x:], v&^le64(stopRow[x:]))
		}
	default:
		for x := 1; x+9 <= width; x += 8 {
			v := le64(row[x:]) & le64(row[x-1:]) & le64(row[x+1:]) & le64(up[x:]) & le64(down[x:])
			binary.LittleEndian.PutUint64(out[x:], v&^le64(stopRow[x:]))
		}
	}
}

// crossPixel computes crossFilter's output at column x of one row.
func crossPixel(out, row, up, down, stopRow []uint8, x int, erode bool) {
	v := row[x]
	if erode {
		v &= up[x] & down[x]
		if x > 0 {
			v &= row[x-1]
		}
		if x < len(row)-1 {
			v &= row[x+1]
		}
	} else {
		v |= up[x] | down[x]
		if x > 0 {
			v |= row[x-1]
		}
		if x < len(row)-1 {
			v |= row[x+1]
		}
	}
	if stopRow != nil {
		v &^= stopRow[x]
	}
	out[x] = v
}

// ones has the byte 1 in every lane of a word.
const ones = 0x0101010101010101

// combine sets dst = op(a, b, c) for masks of 0/1 bytes, 8 bytes per call
// of op. c may be nil, and dst may be one of the inputs. op must map 0/1
// lanes to 0/1 lanes, as bitwise operations and AND NOT with ones do.
func combine(dst, a, b, c []uint8, op func(a, b, c uint64) uint64) {
	n := len(dst)
	i := 0
	for ; i+8 <= n; i += 8 {
		var cw uint64
		if c != nil {
			cw = binary.LittleEndian.Uint64(c[i:])
		}
		binary.LittleEndian.PutUint64(dst[i:], op(binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:]), cw))
	}
	for ; i < n; i++ {
		var cb uint64
		if c != nil {
			cb = uint64(c[i])
		}
		dst[i] = uint8(op(uint64(a[i]), uint64(b[i]), cb))
	}
}

// le64 reads 8 bytes as a little-endian word.
func le64(b []uint8) uint64 {
	return binary.LittleEndian.Uint64(b)
}

// diamondBuffers contains the frontiers of erodeDiamond and growGeodesic.
type diamondBuffers struct {
	frontier, next []int32
}

// erodeDiamond erodes the 0/1 mask m in place k times with the 3×3 cross,
// with pixels outside the image counting as foreground. That clears every
// pixel within city-block distance k of a background pixel of the image, so
// a breadth-first search from the background pixels that touch the
// foreground clears k layers, touching only pixels near the edges.
func (db *diamondBuffers) erodeDiamond(m []uint8, width, height, k int) {
	db.frontier = db.frontier[:0]
	for y := range height {
		row := m[y*width : (y+1)*width]
		for x, v := range row {
			if v == 0 && touches(m, x, y, width, height, 1) {
				db.frontier = append(db.frontier, int32(y*width+x))
			}
		}
	}
	db.spread(m, nil, width, height, k, 1, 0)
}

// growGeodesic dilates the 0/1 mask m in place k times with the 3×3 cross,
// clearing the pixels of stop after each step, as k rounds of
// crossFilter(·, ·, stop) do when m and stop share no pixel. The result is
// every pixel within k steps of m along 4-connected paths outside stop.
func (db *diamondBuffers) growGeodesic(m, stop []uint8, width, height, k int) {
	db.frontier = db.frontier[:0]
	for y := range height {
		row := m[y*width : (y+1)*width]
		for x, v := range row {
			if v == 1 && touches(m, x, y, width, height, 0) {
				db.frontier = append(db.frontier, int32(y*width+x))
			}
		}
	}
	db.spread(m, stop, width, height, k, 0, 1)
}

// spread runs k rounds of a breadth-first search from db.frontier, setting
// to `to` every 4-neighbour that is `from` and not in stop.
func (db *diamondBuffers) spread(m, stop []uint8, width, height, k int, from, to uint8) {
	for range k {
		db.next = db.next[:0]
		for _, f := range db.frontier {
			i := int(f)
			x, y := i%width, i/width
			visit := func(j int) {
				if m[j] == from && (stop == nil || stop[j] == 0) {
					m[j] = to
					db.next = append(db.next, int32(j))
				}
			}
			if x > 0 {
				visit(i - 1)
			}
			if x < width-1 {
				visit(i + 1)
			}
			if y > 0 {
				visit(i - width)
			}
			if y < height-1 {
				visit(i + width)
			}
		}
		db.frontier, db.next = db.next, db.frontier
		if len(db.frontier) == 0 {
			return
		}
	}
}

// touches reports whether a 4-neighbour of (x, y) inside the image has the
// value v.
func touches(m []uint8, x, y, width, height int, v uint8) bool {
	i := y*width + x
	return (x > 0 && m[i-1] == v) || (x < width-1 && m[i+1] == v) ||
		(y > 0 && m[i-width] == v) || (y < height-1 && m[i+width] == v)
}

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
			x = 1
			for ; x+9 <= width; x += 8 {
				c := binary.LittleEndian.Uint64(row[x:])
				l := binary.LittleEndian.Uint64(row[x-1:])
				r := binary.LittleEndian.Uint64(row[x+1:])
				u := binary.LittleEndian.Uint64(up[x:])
				d := binary.LittleEndian.Uint64(down[x:])
				var v uint64
				if erode {
					v = c & l & r & u & d
				} else {
					v = c | l | r | u | d
				}
				if stopRow != nil {
					v &^= binary.LittleEndian.Uint64(stopRow[x:])
				}
				binary.LittleEndian.PutUint64(out[x:], v)
			}
			crossPixel(out, row, up, down, stopRow, 0, erode)
		}
		for ; x < width; x++ {
			crossPixel(out, row, up, down, stopRow, x, erode)
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

package imgio

import "encoding/binary"

// tiffByteOrder reads the byte order mark of a TIFF structure, which EXIF
// blocks also use.
func tiffByteOrder(data []byte) (binary.ByteOrder, bool) {
	if len(data) < 8 {
		return nil, false
	}
	var order binary.ByteOrder
	switch string(data[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return nil, false
	}
	if order.Uint16(data[2:]) != 42 {
		return nil, false
	}
	return order, true
}

// tiffIFD0Short returns the first 16-bit value of tag in the first image file
// directory of a TIFF structure. It reads the value field as a SHORT whatever
// the declared type, as OpenCV's EXIF reader does for the orientation. When a
// tag occurs twice the first occurrence wins. Reading stops at the first
// entry that lies outside data.
func tiffIFD0Short(data []byte, tag uint16) (uint16, bool) {
	order, ok := tiffByteOrder(data)
	if !ok {
		return 0, false
	}
	offset := int64(order.Uint32(data[4:]))
	if offset+2 > int64(len(data)) {
		return 0, false
	}
	count := int64(order.Uint16(data[offset:]))
	const entrySize = 12
	for i := int64(0); i < count; i++ {
		entry := offset + 2 + i*entrySize
		if entry+10 > int64(len(data)) {
			return 0, false
		}
		if order.Uint16(data[entry:]) == tag {
			return order.Uint16(data[entry+8:]), true
		}
	}
	return 0, false
}

// exifOrientation returns the Orientation tag (0x0112) of an EXIF block that
// starts with its TIFF header, or 0 when there is none.
func exifOrientation(exif []byte) int {
	const tagOrientation = 0x0112
	v, ok := tiffIFD0Short(exif, tagOrientation)
	if !ok {
		return 0
	}
	return int(v)
}

// orient applies an EXIF orientation to the stored image as OpenCV's imread
// does. The values mean: 2 mirror left-right, 3 rotate 180°, 4 mirror
// top-bottom, 5 transpose, 6 rotate 90° clockwise, 7 transverse (transpose,
// then rotate 180°), 8 rotate 90° counter-clockwise. Other values leave m
// unchanged.
func orient(m *Mask, orientation int) *Mask {
	if orientation < 2 || orientation > 8 {
		return m
	}
	w, h := m.Width, m.Height
	out := &Mask{Width: w, Height: h, Pix: make([]uint8, len(m.Pix))}
	if orientation >= 5 {
		out.Width, out.Height = h, w
	}
	// src returns the index in m of output pixel (x, y).
	var src func(x, y int) int
	switch orientation {
	case 2:
		src = func(x, y int) int { return y*w + (w - 1 - x) }
	case 3:
		src = func(x, y int) int { return (h-1-y)*w + (w - 1 - x) }
	case 4:
		src = func(x, y int) int { return (h-1-y)*w + x }
	case 5:
		src = func(x, y int) int { return x*w + y }
	case 6:
		src = func(x, y int) int { return (h-1-x)*w + y }
	case 7:
		src = func(x, y int) int { return (h-1-x)*w + (w - 1 - y) }
	case 8:
		src = func(x, y int) int { return x*w + (w - 1 - y) }
	}
	i := 0
	for y := 0; y < out.Height; y++ {
		for x := 0; x < out.Width; x++ {
			out.Pix[i] = m.Pix[src(x, y)]
			i++
		}
	}
	return out
}

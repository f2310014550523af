package imgio

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// exifOrientationBlock returns a TIFF-structured EXIF block whose first
// image file directory holds one Orientation entry.
func exifOrientationBlock(orientation uint16, littleEndian bool) []byte {
	var order binary.AppendByteOrder = binary.BigEndian
	mark := "MM"
	if littleEndian {
		order, mark = binary.LittleEndian, "II"
	}
	b := []byte(mark)
	b = order.AppendUint16(b, 42)
	b = order.AppendUint32(b, 8) // offset of the directory
	b = order.AppendUint16(b, 1) // one entry
	b = order.AppendUint16(b, 0x0112)
	b = order.AppendUint16(b, 3) // SHORT
	b = order.AppendUint32(b, 1) // count
	b = order.AppendUint16(b, orientation)
	b = order.AppendUint16(b, 0)
	return order.AppendUint32(b, 0) // no next directory
}

// withAPP1 inserts an APP1 segment holding "Exif\0\0" and block right after
// the SOI marker of a JPEG.
func withAPP1(jpegData, block []byte) []byte {
	return withSegment(jpegData, 0xe1, append([]byte("Exif\x00\x00"), block...))
}

func withSegment(jpegData []byte, marker byte, payload []byte) []byte {
	seg := []byte{0xff, marker}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	return slices.Concat(jpegData[:2], seg, jpegData[2:])
}

// orientationBlocks is a 6×4 grid of 8×8 blocks with value 10·(6·row +
// column).
func orientationBlocks() [][]uint8 {
	blocks := make([][]uint8, 4)
	for r := range blocks {
		blocks[r] = make([]uint8, 6)
		for c := range blocks[r] {
			blocks[r][c] = uint8(10 * (6*r + c))
		}
	}
	return blocks
}

// TestJPEGOrientation checks each EXIF orientation against the block layout
// that cv2.imread (OpenCV 4.6.0) returned for the same files.
func TestJPEGOrientation(t *testing.T) {
	want := map[uint16][][]uint8{
		1: {{0, 10, 20, 30, 40, 50}, {60, 70, 80, 90, 100, 110}, {120, 130, 140, 150, 160, 170}, {180, 190, 200, 210, 220, 230}},
		2: {{50, 40, 30, 20, 10, 0}, {110, 100, 90, 80, 70, 60}, {170, 160, 150, 140, 130, 120}, {230, 220, 210, 200, 190, 180}},
		3: {{230, 220, 210, 200, 190, 180}, {170, 160, 150, 140, 130, 120}, {110, 100, 90, 80, 70, 60}, {50, 40, 30, 20, 10, 0}},
		4: {{180, 190, 200, 210, 220, 230}, {120, 130, 140, 150, 160, 170}, {60, 70, 80, 90, 100, 110}, {0, 10, 20, 30, 40, 50}},
		5: {{0, 60, 120, 180}, {10, 70, 130, 190}, {20, 80, 140, 200}, {30, 90, 150, 210}, {40, 100, 160, 220}, {50, 110, 170, 230}},
		6: {{180, 120, 60, 0}, {190, 130, 70, 10}, {200, 140, 80, 20}, {210, 150, 90, 30}, {220, 160, 100, 40}, {230, 170, 110, 50}},
		7: {{230, 170, 110, 50}, {220, 160, 100, 40}, {210, 150, 90, 30}, {200, 140, 80, 20}, {190, 130, 70, 10}, {180, 120, 60, 0}},
		8: {{50, 110, 170, 230}, {40, 100, 160, 220}, {30, 90, 150, 210}, {20, 80, 140, 200}, {10, 70, 130, 190}, {0, 60, 120, 180}},
	}
	plain := blockJPEG(t, orientationBlocks())
	for orientation := uint16(1); orientation <= 8; orientation++ {
		for _, little := range []bool{true, false} {
			name := map[bool]string{true: "II", false: "MM"}[little]
			t.Run(string(rune('0'+orientation))+" "+name, func(t *testing.T) {
				data := withAPP1(plain, exifOrientationBlock(orientation, little))
				m, _ := decodeBytesT(t, data, ReadOptions{})
				if got := blockValues(m); !equalBlocks(got, want[orientation]) {
					t.Errorf("blocks %v, want %v", got, want[orientation])
				}
			})
		}
	}
}

func equalBlocks(a, b [][]uint8) bool {
	return slices.EqualFunc(a, b, func(x, y []uint8) bool { return bytes.Equal(x, y) })
}

func TestOrientationIgnored(t *testing.T) {
	plain := blockJPEG(t, orientationBlocks())
	upright := orientationBlocks()
	tests := []struct {
		name string
		data []byte
	}{
		{"no APP1", plain},
		{"orientation 0", withAPP1(plain, exifOrientationBlock(0, true))},
		{"orientation 9", withAPP1(plain, exifOrientationBlock(9, true))},
		{"bad byte order mark", withAPP1(plain, append([]byte("XX"), exifOrientationBlock(6, true)[2:]...))},
		{"directory past the end", withAPP1(plain, exifOrientationBlock(6, true)[:12])},
		// OpenCV parses only the first APP1 segment, here an XMP packet.
		{"EXIF after XMP APP1", withSegment(withAPP1(plain, exifOrientationBlock(6, true)), 0xe1,
			[]byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := decodeBytesT(t, tt.data, ReadOptions{})
			if got := blockValues(m); !equalBlocks(got, upright) {
				t.Errorf("blocks %v, want the stored layout %v", got, upright)
			}
		})
	}
}

// TestPNGOrientation checks the eXIf chunk, which OpenCV 4.6 applies too,
// before or after the image data. libpng rejects a chunk that starts with
// "Exif\0\0" and keeps the first of two chunks.
func TestPNGOrientation(t *testing.T) {
	rows := [][]byte{{1, 2, 3}, {4, 5, 6}}
	rotated := []uint8{4, 1, 5, 2, 6, 3} // 90° clockwise
	stored := []uint8{1, 2, 3, 4, 5, 6}
	exif6 := pngChunk("eXIf", exifOrientationBlock(6, false))
	exif3 := pngChunk("eXIf", exifOrientationBlock(3, true))
	tests := []struct {
		name          string
		before, after []byte
		width, height int
		want          []uint8
	}{
		{"before IDAT", exif6, nil, 2, 3, rotated},
		{"after IDAT", nil, exif6, 2, 3, rotated},
		{"first of two", slices.Concat(exif6, exif3), nil, 2, 3, rotated},
		{"Exif header rejected", pngChunk("eXIf", append([]byte("Exif\x00\x00"), exifOrientationBlock(6, true)...)), nil, 3, 2, stored},
		{"bad CRC", corruptCRC(exif6), nil, 3, 2, stored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := decodeBytesT(t, pngFile(3, 2, 8, pngGrey, rows, tt.before, tt.after), ReadOptions{})
			checkMask(t, m, tt.width, tt.height, tt.want)
		})
	}
}

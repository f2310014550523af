package imgio

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/csv"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// pngChunk returns one PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(&b, binary.BigEndian, crc.Sum32())
	return b.Bytes()
}

// pngFile builds a non-interlaced PNG from packed rows (without filter
// bytes). before goes between IHDR and IDAT, after between IDAT and IEND.
func pngFile(width, height int, bitDepth, colorType byte, rows [][]byte, before, after []byte) []byte {
	var raw bytes.Buffer
	for _, r := range rows {
		raw.WriteByte(0) // filter type None
		raw.Write(r)
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()

	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = bitDepth, colorType

	var b bytes.Buffer
	b.Write(pngSignature)
	b.Write(pngChunk("IHDR", ihdr))
	b.Write(before)
	b.Write(pngChunk("IDAT", z.Bytes()))
	b.Write(after)
	b.Write(pngChunk("IEND", nil))
	return b.Bytes()
}

// pngRow1 returns a single-row PNG of 8-bit samples.
func pngRow1(colorType byte, samples []byte, before, after []byte) []byte {
	channels := map[byte]int{pngGrey: 1, pngRGB: 3, pngPalette: 1, pngGreyAlpha: 2, pngRGBA: 4}[colorType]
	return pngFile(len(samples)/channels, 1, 8, colorType, [][]byte{samples}, before, after)
}

// be16 packs 16-bit samples big-endian, as PNG stores them.
func be16(values ...uint16) []byte {
	b := make([]byte, 2*len(values))
	for i, v := range values {
		binary.BigEndian.PutUint16(b[2*i:], v)
	}
	return b
}

func gamaChunk(gamma uint32) []byte {
	return pngChunk("gAMA", binary.BigEndian.AppendUint32(nil, gamma))
}

// decodeBytesT decodes data and fails the test on an error.
func decodeBytesT(t *testing.T, data []byte, opt ReadOptions) (*Mask, Info) {
	t.Helper()
	m, info, err := Decode(bytes.NewReader(data), opt)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return m, info
}

// checkMask reports the size difference or the first differing pixel.
func checkMask(t *testing.T, got *Mask, width, height int, want []uint8) {
	t.Helper()
	if got.Width != width || got.Height != height {
		t.Fatalf("size %d×%d, want %d×%d", got.Width, got.Height, width, height)
	}
	if len(got.Pix) != width*height {
		t.Fatalf("len(Pix) = %d, want %d", len(got.Pix), width*height)
	}
	for i := range want {
		if got.Pix[i] != want[i] {
			t.Fatalf("pixel (row %d, column %d) = %d, want %d; row: %v",
				i/width, i%width, got.Pix[i], want[i], got.Pix[i/width*width:(i/width+1)*width])
		}
	}
}

// sameMask reports the first pixel where a and b differ.
func sameMask(t *testing.T, a, b *Mask) {
	t.Helper()
	checkMask(t, a, b.Width, b.Height, b.Pix)
}

// readT reads a mask file and fails the test on an error.
func readT(t *testing.T, path string, opt ReadOptions) *Mask {
	t.Helper()
	m, _, err := Read(path, opt)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return m
}

// writeTemp writes data to a new file in a test folder and returns its path.
func writeTemp(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// blockJPEG encodes a grey image of 8×8 blocks, one value per block, at
// quality 100. Blocks aligned with the DCT grid decode to their exact value.
func blockJPEG(t testing.TB, blocks [][]uint8) []byte {
	t.Helper()
	h, w := len(blocks), len(blocks[0])
	img := image.NewGray(image.Rect(0, 0, 8*w, 8*h))
	for y := 0; y < 8*h; y++ {
		for x := 0; x < 8*w; x++ {
			img.SetGray(x, y, color.Gray{Y: blocks[y/8][x/8]})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// blockValues samples the centre of each 8×8 block of m.
func blockValues(m *Mask) [][]uint8 {
	rows := make([][]uint8, m.Height/8)
	for by := range rows {
		rows[by] = make([]uint8, m.Width/8)
		for bx := range rows[by] {
			rows[by][bx] = m.Pix[(8*by+4)*m.Width+8*bx+4]
		}
	}
	return rows
}

// referenceRows returns every row of a reference CSV file as column name to
// text.
func referenceRows(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	rows := make([]map[string]string, 0, len(records)-1)
	for _, rec := range records[1:] {
		row := make(map[string]string, len(rec))
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// referenceRow returns the row of a reference CSV file whose name column is
// name.
func referenceRow(t *testing.T, path, name string) map[string]string {
	t.Helper()
	for _, row := range referenceRows(t, path) {
		if row["name"] == name {
			return row
		}
	}
	t.Fatalf("%s: no row named %q", path, name)
	return nil
}

// referenceFloat returns one numeric cell of a reference row.
func referenceFloat(t *testing.T, row map[string]string, column string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(row[column], 64)
	if err != nil {
		t.Fatalf("column %s: %v", column, err)
	}
	return v
}

// meanAbsSquared returns the mean absolute and mean squared differences of
// p/255 and g/255: the mae and mse columns of loss.csv.
func meanAbsSquared(p, g *Mask) (mae, mse float64) {
	for i := range p.Pix {
		d := float64(p.Pix[i])/255 - float64(g.Pix[i])/255
		if d < 0 {
			mae -= d
		} else {
			mae += d
		}
		mse += d * d
	}
	n := float64(len(p.Pix))
	return mae / n, mse / n
}

func closeTo(got, want, tol float64) bool {
	d := got - want
	return d <= tol && d >= -tol
}

package imgio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hugePNG is a valid PNG header that claims 100000×100000 pixels, followed
// by a tiny IDAT chunk.
func hugePNG() []byte {
	data := pngRow1(pngGrey, []byte{0}, nil, nil)
	ihdr := data[len(pngSignature)+8:]
	binary.BigEndian.PutUint32(ihdr[0:], 100000)
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	// Rewrite the CRC of IHDR (type and 13 data bytes).
	crcAt := len(pngSignature) + 8 + 13
	copy(data[crcAt:], pngChunk("IHDR", ihdr[:13])[8+13:])
	return data
}

// idatOffset returns the position of the first byte of IDAT data.
func idatOffset(t *testing.T, data []byte) int {
	t.Helper()
	i := bytes.Index(data, []byte("IDAT"))
	if i < 0 {
		t.Fatal("no IDAT chunk")
	}
	return i + 4
}

func TestReadErrors(t *testing.T) {
	rows := make([][]byte, 16)
	for i := range rows {
		rows[i] = bytes.Repeat([]byte{byte(i * 16)}, 16)
	}
	goodPNG := pngFile(16, 16, 8, pngGrey, rows, nil, nil)

	// Intact IDAT data with a wrong CRC.
	badCRC := bytes.Clone(goodPNG)
	at := idatOffset(t, badCRC)
	badCRC[at+int(binary.BigEndian.Uint32(badCRC[at-8:]))] ^= 0xff

	// IDAT data that is not zlib, with a correct CRC.
	badZlib := pngFile(16, 16, 8, pngGrey, nil, nil, nil)
	i := idatOffset(t, badZlib)
	length := binary.BigEndian.Uint32(badZlib[i-8:])
	for k := i; k < i+int(length); k++ {
		badZlib[k] = 0x55
	}
	copy(badZlib[i+int(length):], pngChunk("IDAT", badZlib[i:i+int(length)])[8+length:])

	jpegData := blockJPEG(t, [][]uint8{{10, 20}, {30, 40}})

	zeroWidth := pngRow1(pngGrey, []byte{0}, nil, nil)
	binary.BigEndian.PutUint32(zeroWidth[len(pngSignature)+8:], 0)

	tests := []struct {
		name     string
		data     []byte
		opt      ReadOptions
		is       error  // nil: any error
		contains string // a part of the message
	}{
		{"empty file", nil, ReadOptions{}, ErrEmpty, "empty file"},
		{"text named .png", []byte("hello, this is not an image\n"), ReadOptions{}, ErrUnsupported, `starts with "hello, t"`},
		{"truncated PNG", goodPNG[:60], ReadOptions{}, io.ErrUnexpectedEOF, "truncated"},
		{"PNG signature only", goodPNG[:5], ReadOptions{}, io.ErrUnexpectedEOF, "truncated"},
		{"IDAT with bad CRC", badCRC, ReadOptions{}, nil, "invalid checksum"},
		{"IDAT not zlib", badZlib, ReadOptions{}, nil, "decode png: zlib"},
		{"100000×100000 header", hugePNG(), ReadOptions{}, ErrTooLarge,
			"100000×100000 is 10000000000 pixels, over the limit of 268435456; raise the limit with --max-pixels"},
		{"over a custom limit", goodPNG, ReadOptions{MaxPixels: 255}, ErrTooLarge, "over the limit of 255"},
		{"zero width", zeroWidth, ReadOptions{}, nil, "invalid image size 0×1"},
		{"truncated JPEG", jpegData[:len(jpegData)/2], ReadOptions{}, io.ErrUnexpectedEOF, "decode jpeg: file is truncated"},
		{"BMP with 16 bits per pixel", bmp16bit(), ReadOptions{}, ErrUnsupported, "bmp"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, dir, strings.ReplaceAll(tt.name, " ", "_")+".png", tt.data)
			_, _, err := Read(path, tt.opt)
			if err == nil {
				t.Fatal("Read succeeded, want an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %q is not %v", err, tt.is)
			}
			if !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("error %q does not start with the path", err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Path != path {
				t.Errorf("error %q is not a *FileError for %s", err, path)
			}
		})
	}

	t.Run("custom limit allows exact size", func(t *testing.T) {
		if _, _, err := Read(writeTemp(t, dir, "exact.png", goodPNG), ReadOptions{MaxPixels: 256}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(dir, "missing.png")
		_, _, err := Read(path, ReadOptions{})
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %q is not fs.ErrNotExist", err)
		}
		if want := path + ": open: no such file or directory"; err == nil || err.Error() != want {
			t.Errorf("error %q, want %q", err, want)
		}
	})
}

// bmp16bit is a BMP header with 16 bits per pixel, which x/image/bmp does
// not decode.
func bmp16bit() []byte {
	data := bmp24([][3]uint8{{1, 2, 3}})
	binary.LittleEndian.PutUint16(data[28:], 16)
	return data
}

// TestDecodeTooLargeAllocatesNothing checks that the pixel limit applies
// before any pixel memory exists: a 10^10-pixel header would need 10 GB.
func TestDecodeTooLargeAllocatesNothing(t *testing.T) {
	data := hugePNG()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := Decode(bytes.NewReader(data), ReadOptions{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("Decode allocated %d bytes before rejecting the header", allocated)
	}
}

func TestDecodeConfig(t *testing.T) {
	tests := []struct {
		name          string
		data          []byte
		format        string
		width, height int
	}{
		{"png", pngFile(3, 2, 8, pngGrey, [][]byte{{1, 2, 3}, {4, 5, 6}}, nil, nil), "png", 3, 2},
		{"png eXIf rotated", pngFile(3, 2, 8, pngGrey, [][]byte{{1, 2, 3}, {4, 5, 6}}, pngChunk("eXIf", exifOrientationBlock(6, true)), nil), "png", 2, 3},
		{"jpeg", blockJPEG(t, [][]uint8{{1, 2, 3}}), "jpeg", 24, 8},
		{"jpeg rotated", withAPP1(blockJPEG(t, [][]uint8{{1, 2, 3}}), exifOrientationBlock(8, false)), "jpeg", 8, 24},
		{"bmp", bmp24(formatPixels), "bmp", 3, 1},
		{"webp", webpLossless, "webp", 3, 1},
		{"huge", hugePNG(), "png", 100000, 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format, w, h, err := DecodeConfig(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if format != tt.format || w != tt.width || h != tt.height {
				t.Errorf("DecodeConfig = %s %d×%d, want %s %d×%d", format, w, h, tt.format, tt.width, tt.height)
			}
		})
	}

	t.Run("text", func(t *testing.T) {
		if _, _, _, err := DecodeConfig(strings.NewReader("plain text")); !errors.Is(err, ErrUnsupported) {
			t.Errorf("error %v, want ErrUnsupported", err)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if _, _, _, err := DecodeConfig(bytes.NewReader(nil)); !errors.Is(err, ErrEmpty) {
			t.Errorf("error %v, want ErrEmpty", err)
		}
	})
}

package imgio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// header is the format, size and metadata of a file, read before decoding
// pixels.
type header struct {
	format        string // "png", "jpeg", "bmp", "tiff" or "webp"
	width, height int    // as stored, before the EXIF orientation
	hasAlpha      bool
	// orientation is the EXIF Orientation value. Values 2 to 8 transform the
	// image, any other value leaves it unchanged.
	orientation int
	// data is the file content to decode. For PNG it may be a copy without
	// the ancillary chunks that libpng would skip (see parsePNG).
	data []byte
	png  *pngInfo // PNG only
}

var (
	pngSignature  = []byte("\x89PNG\r\n\x1a\n")
	jpegSignature = []byte("\xff\xd8")
	bmpSignature  = []byte("BM")
	tiffLittle    = []byte("II\x2a\x00")
	tiffBig       = []byte("MM\x00\x2a")
)

// parseHeader identifies the format from the leading bytes (the file name
// extension plays no part) and reads the size and the metadata that change
// the decoded mask.
func parseHeader(data []byte) (*header, error) {
	switch {
	case len(data) == 0:
		return nil, ErrEmpty
	case bytes.HasPrefix(data, pngSignature):
		return parsePNG(data)
	case len(data) < len(pngSignature) && bytes.HasPrefix(pngSignature, data):
		return nil, fmt.Errorf("decode png: file is truncated: %w", io.ErrUnexpectedEOF)
	case bytes.HasPrefix(data, jpegSignature):
		return parseJPEG(data)
	case bytes.HasPrefix(data, bmpSignature):
		return parseBMP(data)
	case bytes.HasPrefix(data, tiffLittle), bytes.HasPrefix(data, tiffBig):
		return parseTIFF(data)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return parseWebP(data)
	}
	return nil, fmt.Errorf("%w: the content is not PNG, JPEG, BMP, TIFF or WebP (it starts with %q)",
		ErrUnsupported, data[:min(len(data), 8)])
}

// configError turns an error from a DecodeConfig function into ours, so that
// callers can test it with errors.Is.
func configError(format string, err error) error {
	var tiffUnsupported tiff.UnsupportedError
	if errors.Is(err, bmp.ErrUnsupported) || errors.As(err, &tiffUnsupported) {
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	return decodeError(format, err)
}

func parseJPEG(data []byte) (*header, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, configError("jpeg", err)
	}
	h := &header{format: "jpeg", width: cfg.Width, height: cfg.Height, data: data}
	// OpenCV 4.6 takes the first APP1 segment, whatever its identifier, skips
	// the 6 bytes of "Exif\0\0" without checking them, and parses the rest.
	if app1 := jpegFirstAPP1(data); len(app1) > 6 {
		h.orientation = exifOrientation(app1[6:])
	}
	return h, nil
}

// jpegFirstAPP1 returns the payload of the first APP1 segment before the
// start of scan, or nil.
func jpegFirstAPP1(data []byte) []byte {
	i := len(jpegSignature)
	for i+1 < len(data) {
		// Skip bytes up to the next 0xFF, then any fill bytes.
		if data[i] != 0xff {
			i++
			continue
		}
		for i+1 < len(data) && data[i+1] == 0xff {
			i++
		}
		if i+1 >= len(data) {
			return nil
		}
		marker := data[i+1]
		i += 2
		switch {
		case marker == 0xda || marker == 0xd9: // SOS, EOI
			return nil
		case marker == 0x01 || marker == 0x00 || (marker >= 0xd0 && marker <= 0xd7):
			continue // TEM, stuffed zero, RSTn: no length field
		}
		if i+2 > len(data) {
			return nil
		}
		length := int(binary.BigEndian.Uint16(data[i:]))
		if length < 2 || i+length > len(data) {
			return nil
		}
		if marker == 0xe1 {
			return data[i+2 : i+length]
		}
		i += length
	}
	return nil
}

func parseBMP(data []byte) (*header, error) {
	cfg, err := bmp.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, configError("bmp", err)
	}
	h := &header{format: "bmp", width: cfg.Width, height: cfg.Height, data: data}
	// x/image/bmp keeps the fourth byte of 32-bit pixels as alpha only when
	// the info header is longer than the 40-byte BITMAPINFOHEADER.
	if len(data) >= 30 {
		infoLen := binary.LittleEndian.Uint32(data[14:])
		bitsPerPixel := binary.LittleEndian.Uint16(data[28:])
		h.hasAlpha = bitsPerPixel == 32 && infoLen > 40
	}
	return h, nil
}

func parseTIFF(data []byte) (*header, error) {
	cfg, err := tiff.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, configError("tiff", err)
	}
	h := &header{format: "tiff", width: cfg.Width, height: cfg.Height, data: data}
	// x/image/tiff accepts a fourth sample only as an alpha channel.
	// NOTE: it rejects a fourth sample of unspecified meaning (ExtraSamples
	// 0), which cv2.imwrite writes for 4-channel images and OpenCV reads.
	const tagSamplesPerPixel = 277
	if spp, ok := tiffIFD0Short(data, tagSamplesPerPixel); ok {
		h.hasAlpha = spp == 4
	}
	return h, nil
}

func parseWebP(data []byte) (*header, error) {
	cfg, err := webp.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, configError("webp", err)
	}
	h := &header{format: "webp", width: cfg.Width, height: cfg.Height, data: data}
	if len(data) >= 25 {
		switch string(data[12:16]) {
		case "VP8X":
			h.hasAlpha = data[20]&0x10 != 0 // the alpha flag of the extended header
		case "VP8L":
			// After the 0x2f signature byte: 14 bits width-1, 14 bits
			// height-1, then the alpha_is_used bit.
			h.hasAlpha = binary.LittleEndian.Uint32(data[21:])>>28&1 != 0
		}
	}
	return h, nil
}

// decode decodes the pixels with the decoder for h.format.
func (h *header) decode() (image.Image, error) {
	r := bytes.NewReader(h.data)
	switch h.format {
	case "png":
		return png.Decode(r)
	case "jpeg":
		return jpeg.Decode(r)
	case "bmp":
		return bmp.Decode(r)
	case "tiff":
		return tiff.Decode(r)
	case "webp":
		return webp.Decode(r)
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupported, h.format)
}

// orientedSize returns the size after the EXIF orientation: orientations 5
// to 8 swap width and height.
func (h *header) orientedSize() (width, height int) {
	if h.orientation >= 5 && h.orientation <= 8 {
		return h.height, h.width
	}
	return h.width, h.height
}

// greyMask converts a decoded image to grey with the rule OpenCV uses for
// h.format.
func (h *header) greyMask(img image.Image) (*Mask, error) {
	switch h.format {
	case "png":
		return h.png.greyMask(img), nil
	case "jpeg":
		return jpegGrey(img), nil
	case "bmp":
		return rgbGrey(img, greyRound14), nil
	case "tiff":
		return tiffGrey(img), nil
	case "webp":
		return webpGrey(img), nil
	}
	return nil, fmt.Errorf("%w: %s", ErrUnsupported, h.format)
}

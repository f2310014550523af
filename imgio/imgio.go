// Package imgio reads mask images into 8-bit grey maps the way OpenCV's
// cv2.imread(path, cv2.IMREAD_GRAYSCALE) does, pairs prediction files with
// ground-truth files by name, and resizes predictions to the ground-truth size.
//
// The reference is OpenCV 4.6.0 built against libpng 1.6.39, libjpeg-turbo
// 2.1.5, libtiff 4.5.0 and libwebp 1.2.4 on x86-64 (Debian 12), the reader
// used by BiRefNet and PySODEvalToolkit. OpenCV converts colour to grey
// differently per format, and Read follows it:
//
//   - PNG: libpng's rgb_to_gray, grey = (9797·R + 19234·G + 3737·B) >> 15
//     (truncating) on 8-bit samples. 16-bit colour is converted at 16 bits with
//     rounding, (9797·R + 19234·G + 3737·B + 16384) >> 15, and then keeps the
//     high byte. A gAMA or sRGB chunk makes libpng compute the grey of colour
//     pixels in linear light, which Read reproduces with libpng's tables.
//     Grey samples of 1, 2 or 4 bits are scaled to 8 bits, 16-bit grey keeps the
//     high byte, alpha is dropped without compositing, and palettes are expanded
//     to RGB with tRNS ignored.
//   - BMP and TIFF: grey = (4899·R + 9617·G + 1868·B + 8192) >> 14 (rounding).
//     16-bit TIFF colour samples are first reduced with (v + 128) / 257, and
//     16-bit TIFF grey keeps the high byte.
//   - WebP: grey = (9798·R + 19235·G + 3735·B + 16384) >> 15, the rounding of
//     cv::cvtColor.
//   - JPEG: the luma channel Y as decoded, because OpenCV requests grey
//     output from libjpeg, which then returns Y without converting to RGB.
//
// The EXIF orientation of JPEG files (APP1 segment) and PNG files (eXIf chunk)
// is applied, as OpenCV 4.6 does for those two formats.
package imgio

import (
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"os"
)

// Mask is an 8-bit grey map stored row-major: the value of pixel (row i,
// column j) is Pix[i*Width+j].
type Mask struct {
	Width, Height int
	Pix           []uint8
}

// ReadOptions selects how a file becomes a mask.
type ReadOptions struct {
	// Alpha uses the alpha channel as the mask instead of the grey value.
	// 16-bit alpha keeps its high byte. A file without an alpha channel (or a
	// PNG tRNS chunk) is rejected.
	Alpha bool
	// MaxPixels rejects a file whose header claims more pixels, before any
	// pixel memory is allocated. Zero or a negative value means
	// DefaultMaxPixels.
	MaxPixels int64
}

// DefaultMaxPixels is the pixel limit when ReadOptions.MaxPixels is zero.
const DefaultMaxPixels = 256 << 20

// Info describes a decoded file.
type Info struct {
	Format string // "png", "jpeg", "bmp", "tiff" or "webp"
	// ZeroOne is true when every pixel is 0 or 1 and at least one is 1: a
	// label map saved without scaling to 0/255.
	ZeroOne bool
	// Transparent is true when the file was read without the alpha option
	// and some pixel's alpha is below its maximum: most likely a cut-out
	// whose mask is its alpha channel, not its colour.
	Transparent bool
}

var (
	// ErrUnsupported marks content that is not PNG, JPEG, BMP, TIFF or WebP,
	// or a variant of those formats that the decoders do not handle.
	ErrUnsupported = errors.New("unsupported image format")
	// ErrTooLarge marks a header that claims more pixels than the limit.
	ErrTooLarge = errors.New("image too large")
	// ErrEmpty marks a zero-byte file.
	ErrEmpty = errors.New("empty file")
)

// FileError is an error about the file at Path.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// Read decodes the file at path into an 8-bit grey mask. Errors are
// *FileError values naming path.
func Read(path string, opt ReadOptions) (*Mask, Info, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Info{}, &FileError{Path: path, Err: unwrapPathError(err)}
	}
	m, info, err := decodeBytes(data, opt)
	if err != nil {
		return nil, Info{}, &FileError{Path: path, Err: err}
	}
	return m, info, nil
}

// Decode decodes an image from r into an 8-bit grey mask. It reads r to the
// end before decoding.
func Decode(r io.Reader, opt ReadOptions) (*Mask, Info, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Info{}, fmt.Errorf("read image: %w", err)
	}
	return decodeBytes(data, opt)
}

// DecodeConfig returns the format and the size of the mask that Decode would
// return, with the EXIF orientation applied, without decoding pixels. It reads
// r to the end, because a PNG eXIf chunk may follow the pixel data.
func DecodeConfig(r io.Reader) (format string, width, height int, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return "", 0, 0, fmt.Errorf("read image: %w", err)
	}
	h, err := parseHeader(data)
	if err != nil {
		return "", 0, 0, err
	}
	width, height = h.orientedSize()
	return h.format, width, height, nil
}

// ScaleZeroOne maps 1 to 255 in place, so that a label map saved as 0/1
// reads as 0/255. Other values are left unchanged.
func ScaleZeroOne(m *Mask) {
	for i, v := range m.Pix {
		if v == 1 {
			m.Pix[i] = 255
		}
	}
}

// unwrapPathError drops the path from an *fs.PathError, because FileError
// adds it again.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// decodeBytes runs the whole decoding: header and pixel limit, pixel
// decoding, grey or alpha conversion, orientation.
func decodeBytes(data []byte, opt ReadOptions) (*Mask, Info, error) {
	h, err := parseHeader(data)
	if err != nil {
		return nil, Info{}, err
	}
	if err := checkPixelLimit(h.width, h.height, opt.MaxPixels); err != nil {
		return nil, Info{}, err
	}
	if opt.Alpha && !h.hasAlpha {
		return nil, Info{}, fmt.Errorf("the %s file has no alpha channel to use as the mask: read it without the alpha option", h.format)
	}

	img, err := decodePixels(h)
	if err != nil {
		return nil, Info{}, err
	}
	b := img.Bounds()
	if b.Dx() != h.width || b.Dy() != h.height {
		return nil, Info{}, fmt.Errorf("decode %s: decoded size %d×%d differs from the header size %d×%d",
			h.format, b.Dx(), b.Dy(), h.width, h.height)
	}

	var m *Mask
	transparent := false
	if opt.Alpha {
		m = alphaMask(img)
	} else {
		m, err = h.greyMask(img)
		if err != nil {
			return nil, Info{}, err
		}
		transparent = h.hasAlpha && !allOpaque(alphaMask(img).Pix)
	}
	m = orient(m, h.orientation)
	return m, Info{Format: h.format, ZeroOne: isZeroOne(m.Pix), Transparent: transparent}, nil
}

// decodePixels runs the decoder of the standard library or golang.org/x/image.
// They are fuzzed upstream, but a panic on malformed input must still come
// back as an error for this file only.
func decodePixels(h *header) (img image.Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("decode %s: decoder failed on malformed data: %v", h.format, r)
		}
	}()
	img, err = h.decode()
	if err != nil {
		if h.png != nil && !h.png.complete {
			err = io.ErrUnexpectedEOF
		}
		return nil, decodeError(h.format, err)
	}
	return img, nil
}

// checkPixelLimit rejects empty images and images over the pixel limit.
func checkPixelLimit(width, height int, maxPixels int64) error {
	if width <= 0 || height <= 0 {
		return fmt.Errorf("invalid image size %d×%d: width and height must be positive", width, height)
	}
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	// Both factors fit in 32 bits in every format read here, so the product
	// cannot overflow int64.
	if pixels := int64(width) * int64(height); pixels > maxPixels {
		return fmt.Errorf("%w: %d×%d is %d pixels, over the limit of %d; raise the limit with --max-pixels",
			ErrTooLarge, width, height, pixels, maxPixels)
	}
	return nil
}

// decodeError adds the format to a decoder error and reports truncation as
// io.ErrUnexpectedEOF, because some decoders return a bare io.EOF when the
// data stops at a row boundary.
func decodeError(format string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("decode %s: file is truncated: %w", format, io.ErrUnexpectedEOF)
	}
	return fmt.Errorf("decode %s: %w", format, err)
}

// isZeroOne reports whether every value is 0 or 1 and at least one is 1.
func isZeroOne(pix []uint8) bool {
	var seen uint8
	for _, v := range pix {
		if v > 1 {
			return false
		}
		seen |= v
	}
	return seen == 1
}

// allOpaque reports whether every alpha value is 255, the maximum of an
// 8-bit alpha (a 16-bit alpha is reduced to its high byte first).
func allOpaque(alpha []uint8) bool {
	for _, a := range alpha {
		if a != 255 {
			return false
		}
	}
	return true
}

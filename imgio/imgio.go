// Package imgio reads mask images into 8-bit grey maps the way OpenCV's
// cv2.imread(path, cv2.IMREAD_GRAYSCALE) does, pairs prediction files with
// ground-truth files by name, and resizes predictions to the ground-truth size.
package imgio

// Mask is an 8-bit grey map stored row-major: the value of pixel (row i,
// column j) is Pix[i*Width+j].
type Mask struct {
	Width, Height int
	Pix           []uint8
}

// ReadOptions selects how a file becomes a mask.
type ReadOptions struct {
	// Alpha uses the alpha channel as the mask instead of the grey value.
	Alpha bool
	// MaxPixels rejects a file whose header claims more pixels, before any
	// pixel memory is allocated. Zero means DefaultMaxPixels.
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
}

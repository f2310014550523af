// Package loss computes, for one image pair, every component of BiRefNet's
// training loss, the task presets that weight them, and the classification
// loss. The reference implementation is ZhengPeng7/BiRefNet: loss.py at
// commit 25cb930 (last changed in f2366ee, 2025-05-13) and config.py (last
// changed in 32c1dcd, 2025-10-09).
//
// # Conventions
//
// The prediction p and the ground truth g are float64 maps with values in
// [0, 1]: an 8-bit mask level k becomes k/255. The GT is not binarised,
// because BiRefNet trains on soft (anti-aliased) GT. p is a probability, the
// sigmoid output that BiRefNet's PixLoss passes to every criterion, the
// structure loss included. Each component is computed for one image (batch
// of one, one channel); means run over all H·W pixels, and ln is the natural
// logarithm. Each Component constant documents its formula.
//
// Edge cases follow the original, with one deliberate exception:
//
//   - IoU and IoUPatch of a pair that is all zero in both maps are 0/0, which
//     is NaN in BiRefNet. This package defines them as 0: both masks agree,
//     and a sigmoid output is never exactly 0, so a training run never meets
//     that NaN. IoUPatchTiled applies the same rule to each tile.
//   - Cnt is NaN for an image under 3 pixels in height or width, as in the
//     original: its length term is a mean over no positions.
//   - BCE clamps each log term at −100, so p = 0 on g = 1 costs exactly 100.
//   - Structure and StructureLogit are never NaN (their IoU term is
//     smoothed by +1).
//   - An image without pixels gives NaN for every component.
//
// Weights.Total adds λ·value over the components with a non-zero λ only, as
// PixLoss builds only those criteria, so a NaN in an unweighted component
// never reaches the total. For a batch, BiRefNet averages every component
// over the images except IoU and IoUPatch, which it sums.
//
// # Precision
//
// On the reference masks (sizes up to 5616×3744), every component agrees
// with BiRefNet's float64 values to within 1e-9 relative (1e-12 absolute
// near zero), and SSIM to within 1e-8 relative (2.7e-9 at most). BiRefNet
// builds its 11×11 SSIM window in float32 and rounds each of its 121
// products to float32. This package applies the float32 1-D weights as a
// separable float64 filter, scaled by one common factor so that the window
// sums to the original's 0.99999993055735. The sum matters because flat
// windows where p ≠ g report an artificial variance proportional to
// ΣK·(1 − ΣK). Without the factor, SSIM differs from the original by up to
// 3.4e-6 relative on the same masks.
//
// # Speed
//
// When Input carries the 8-bit levels of both masks, every component except
// SSIM and the contour length is built from exact integer sums per
// prediction level, with one float64 step per level at the end. SSIM filters
// in two separable passes and skips the filtering of any 11×11 window that
// contains a single (p, g) pair, which covers most of a typical mask. A
// Workspace reuses its buffers, so repeated calls allocate nothing.
package loss

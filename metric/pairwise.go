package metric

// numpy 1.24 (checked with 1.24.2 on x86-64) sums a float64 array, with
// np.sum, np.mean or ndarray.mean, contiguous or strided, in buffers of
// numpyBufferSize elements taken in C order. It sums each buffer pairwise and
// adds the buffer sums in order to a running total that starts at 0.
const numpyBufferSize = 8192

// pairwiseBlock is numpy's PW_BLOCKSIZE: ranges of at most this many elements
// are summed with eight interleaved accumulators, longer ranges are split in
// two and summed recursively.
const pairwiseBlock = 128

// numpySum returns the sum of x in numpy's order, so that np.sum and np.mean
// (which then divides by len(x)) are reproduced to the last bit.
func numpySum(x []float64) float64 {
	var sum float64
	for lo := 0; lo < len(x); lo += numpyBufferSize {
		sum += pairwiseSum(x[lo:min(lo+numpyBufferSize, len(x))])
	}
	return sum
}

// pairwiseSum returns the sum of x in the order of numpy 1.24's
// pairwise_sum_DOUBLE, which sums one buffer.
func pairwiseSum(x []float64) float64 {
	n := len(x)
	if n < 8 {
		var sum float64
		for _, v := range x {
			sum += v
		}
		return sum
	}
	if n <= pairwiseBlock {
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += x[i+j]
			}
		}
		sum := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			sum += x[i]
		}
		return sum
	}
	half := n / 2
	half -= half % 8
	return pairwiseSum(x[:half]) + pairwiseSum(x[half:])
}

// pixelSums are numpy-ordered sums over all pixels of the normalised
// prediction p and the binarised GT g: Σp, Σ|p − g| and Σ(p − g)².
type pixelSums struct {
	p, absErr, sqErr float64
}

func (a pixelSums) add(b pixelSums) pixelSums {
	return pixelSums{a.p + b.p, a.absErr + b.absErr, a.sqErr + b.sqErr}
}

// sumPixels computes pixelSums over all pixels in the order of numpySum,
// without materialising p.
func sumPixels(pred []float64, gt []uint8, norm normalizer) pixelSums {
	var sum pixelSums
	for lo := 0; lo < len(pred); lo += numpyBufferSize {
		sum = sum.add(sumPixelsPairwise(pred, gt, norm, lo, min(numpyBufferSize, len(pred)-lo)))
	}
	return sum
}

// sumPixelsPairwise computes pixelSums over pred[lo:lo+n] with the same split
// points and addition order as pairwiseSum.
func sumPixelsPairwise(pred []float64, gt []uint8, norm normalizer, lo, n int) pixelSums {
	if n < 8 {
		var s pixelSums
		for i := lo; i < lo+n; i++ {
			s = s.add(pixelTerms(pred[i], gt[i], norm))
		}
		return s
	}
	if n <= pairwiseBlock {
		var r [8]pixelSums
		for j := range r {
			r[j] = pixelTerms(pred[lo+j], gt[lo+j], norm)
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				k := lo + i + j
				t := pixelTerms(pred[k], gt[k], norm)
				r[j].p += t.p
				r[j].absErr += t.absErr
				r[j].sqErr += t.sqErr
			}
		}
		s := r[0].add(r[1]).add(r[2].add(r[3])).add(r[4].add(r[5]).add(r[6].add(r[7])))
		for ; i < n; i++ {
			s = s.add(pixelTerms(pred[lo+i], gt[lo+i], norm))
		}
		return s
	}
	half := n / 2
	half -= half % 8
	return sumPixelsPairwise(pred, gt, norm, lo, half).add(sumPixelsPairwise(pred, gt, norm, lo+half, n-half))
}

func pixelTerms(pred float64, gt uint8, norm normalizer) pixelSums {
	p := norm.apply(pred)
	d := p
	if gt > gtThreshold {
		d = p - 1
	}
	if d < 0 {
		d = -d
	}
	return pixelSums{p: p, absErr: d, sqErr: d * d}
}

// numpyConstantSum returns numpySum of n copies of c. numpy sums a constant
// array inexactly when c·k is not representable, and the S-measure needs to
// know whether its mean comes back as exactly c.
func numpyConstantSum(c float64, n int) float64 {
	memo := map[int]float64{}
	full := pairwiseConstantSum(c, min(n, numpyBufferSize), memo)
	var sum float64
	for lo := 0; lo+numpyBufferSize <= n; lo += numpyBufferSize {
		sum += full
	}
	if rest := n % numpyBufferSize; rest > 0 {
		sum += pairwiseConstantSum(c, rest, memo)
	}
	return sum
}

// pairwiseConstantSum returns pairwiseSum of n copies of c.
func pairwiseConstantSum(c float64, n int, memo map[int]float64) float64 {
	if v, ok := memo[n]; ok {
		return v
	}
	var sum float64
	switch {
	case n < 8:
		for range n {
			sum += c
		}
	case n <= pairwiseBlock:
		var r [8]float64
		for j := range r {
			r[j] = c
		}
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += c
			}
		}
		sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			sum += c
		}
	default:
		half := n / 2
		half -= half % 8
		sum = pairwiseConstantSum(c, half, memo) + pairwiseConstantSum(c, n-half, memo)
	}
	memo[n] = sum
	return sum
}

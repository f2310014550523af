// Package cmd holds birefloss's command-line interface: the cobra commands,
// their flags, and everything that talks to the user on stdout and stderr.
package cmd

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Version is the birefloss version printed by --version and recorded in
// every summary.json.
const Version = "0.1.0"

// Exit statuses, stable for CI scripts.
const (
	ExitOK         = 0
	ExitError      = 1 // an error, or an incomplete evaluation
	ExitUsage      = 2 // invalid flags or arguments
	ExitRegression = 3 // a regression gate failed
)

// FlagError is a usage error: the command line is invalid. It maps to exit
// status 2 and prints the usage hint.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

func flagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// StatusError carries an exit status other than 1 or 2, or an error that
// has already been reported in full (Silent) so that main prints nothing more.
type StatusError struct {
	Code   int
	Err    error
	Silent bool
}

func (e *StatusError) Error() string { return e.Err.Error() }
func (e *StatusError) Unwrap() error { return e.Err }

// ExitCode maps an error returned by Execute to the process exit status.
func ExitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var fe *FlagError
	if errors.As(err, &fe) {
		return ExitUsage
	}
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code
	}
	return ExitError
}

// PrintError writes err to w the way the command line shows errors.
func PrintError(w io.Writer, err error) {
	var se *StatusError
	if errors.As(err, &se) && se.Silent {
		return
	}
	fmt.Fprintf(w, "birefloss: %v\n", err)
	var fe *FlagError
	if errors.As(err, &fe) {
		fmt.Fprintln(w, "Run 'birefloss --help' or 'birefloss COMMAND --help' for usage.")
	}
}

// NewRootCmd builds the birefloss command tree writing to stdout and stderr.
func NewRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "birefloss",
		Short: "Evaluate mask-segmentation predictions with BiRefNet's losses and the field's metrics",
		Long: `birefloss compares folders of predicted masks with a folder of ground-truth
masks. For every image it computes each component of BiRefNet's training
loss and their weighted total, and the evaluation metrics of salient-object
and dichotomous segmentation (S-measure, E-measure, F-measure, weighted F,
MAE and more), and writes per_image.csv, summary.json and report.html.

Exit status:
  0  success
  1  error, or incomplete evaluation (failed, missing or ambiguous pairs,
     unless --allow-incomplete)
  2  invalid command line
  3  a regression gate failed (compare, or eval --baseline)`,
		Version: Version,
		Args:    cobra.ArbitraryArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return flagErrorf("unknown command %q", args[0])
			}
			return c.Help()
		},
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &FlagError{Err: err}
	})
	root.AddCommand(newEvalCmd(nil))
	root.AddCommand(newCompareCmd(nil))
	root.AddCommand(newPlotCmd(nil))
	return root
}

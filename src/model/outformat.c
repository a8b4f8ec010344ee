/* The interpreter each output format speaks (outformat.h). */
#include "model/outformat.h"

enum out_format fmt_lines(enum out_format f)
{
	return f == FMT_PYTHON ? FMT_PYTHON : FMT_PYTHON3;
}

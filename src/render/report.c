#include "render_internal.h"
pl_status pl_render_report_write(const pl_render_report_t *r, pl_report_format fmt, pl_render_buf_t *out, pl_error_t *err)
{ (void)r; (void)fmt; (void)out; return pl_error_set(err, PL_EUNSUPPORTED, "todo"); }

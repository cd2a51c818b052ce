// Shared by the fuzz targets that compare two validations of the same lines: whether they give
// the same counts, findings, references and definitions, in the same order.
#pragma once

#include "stages/validate/LineValidator.h"

namespace mm::fuzz {

inline bool same_validation(const validate::LineValidator::Result& a, const validate::LineValidator::Result& b) {
  if (a.counts != b.counts || a.out.findings.size() != b.out.findings.size() ||
      a.out.findings.total() != b.out.findings.total() || a.out.refs.size() != b.out.refs.size() ||
      a.out.defs.size() != b.out.defs.size())
    return false;
  for (size_t i = 0; i < a.out.findings.size(); ++i) {
    const Finding &x = a.out.findings[i], &y = b.out.findings[i];
    if (x.line != y.line || x.type != y.type || x.field != y.field || x.rule != y.rule || x.message != y.message ||
        x.severity != y.severity)
      return false;
  }
  for (size_t i = 0; i < a.out.refs.size(); ++i) {
    const validate::PendingRef &x = a.out.refs[i], &y = b.out.refs[i];
    if (x.line != y.line || x.kind != y.kind || x.rule != y.rule || x.key != y.key || x.name != y.name ||
        x.field != y.field || x.type != y.type)
      return false;
  }
  for (size_t i = 0; i < a.out.defs.size(); ++i)
    if (a.out.defs[i].line != b.out.defs[i].line || a.out.defs[i].key != b.out.defs[i].key) return false;
  return true;
}

}  // namespace mm::fuzz

// The plan-file reader on arbitrary bytes: a plan or a clean mm::Error, never a crash; a plan
// that reads back is written and read again to the same text.
#include <cstdlib>
#include <string>

#include "io/Error.h"
#include "model/PlanFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    mm::MergePlan plan = mm::parse_plan(text, "fuzz.toml");
    std::string once = mm::format_plan(plan);
    std::string twice = mm::format_plan(mm::parse_plan(once, "fuzz.toml"));
    if (once != twice) std::abort();
  } catch (const mm::Error&) {
  }
  return 0;
}

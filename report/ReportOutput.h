// The HTML report's files: the page written by `plan --html` and `report --html`, and the same
// page updated with the apply summary by `apply --html`. Written atomically (io/OutputFile.h).
#pragma once

#include <string>

#include "commands/ApplyJob.h"
#include "report/MergeReport.h"

namespace mm {

void write_report_page(const std::string& path, const MergeReport& report);

// The page `apply --html` updates: read and checked when constructed, before the run, so a path
// that holds something else stops apply before any output; write() then replaces the page's apply
// section with the run's summary, or, when no file was there, writes a page of the summary alone.
class ApplyPage {
 public:
  // Throws mm::Error (exit 2) when the file at `path` cannot be read or is not a report page.
  explicit ApplyPage(std::string path);
  void write(const ApplyReport& apply) const;

 private:
  std::string path_;
  std::string page_;  // empty: no file there
};

}  // namespace mm

#include "report/ReportOutput.h"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "io/Error.h"
#include "io/OutputFile.h"
#include "report/HtmlReport.h"

namespace mm {

namespace {

// A report page is a few MB at most (tables are capped); anything much larger is not one.
constexpr size_t kMaxPageBytes = 64u << 20;

// The page at `path`, or empty when there is no file there.
std::string read_page(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) {
    if (errno == ENOENT) return {};
    throw_io_error(path, "cannot open", errno);
  }
  std::string page;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) {
    page.append(buffer, n);
    if (page.size() > kMaxPageBytes)
      throw Error(fmt::format("{}: larger than {} MB: not a mattermerge report page: nothing written", path,
                              kMaxPageBytes >> 20));
  }
  if (std::ferror(f.get())) throw_io_error(path, "cannot read", errno);
  return page;
}

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

void write_text(const std::string& path, const std::string& text) {
  OutputFile out(path);
  out.write(text);
  out.commit();
}

}  // namespace

void write_report_page(const std::string& path, const MergeReport& report) {
  write_text(path, render_report_page(report));
}

ApplyPage::ApplyPage(std::string path) : path_(std::move(path)), page_(read_page(path_)) {
  with_apply_section(page_, "", path_);  // throws when it is not a report page
}

void ApplyPage::write(const ApplyReport& apply) const {
  write_text(path_, with_apply_section(page_, render_apply_section(apply, "applied " + utc_now()), path_));
}

}  // namespace mm

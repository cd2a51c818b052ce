// bench/zip_index.sh: opens a zip's central directory and looks every entry up by name, with libzip
// ("libzip ZIP") or io/ZipIndex ("index ZIP"); prints the time and the RSS each costs.
#include <zip.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include "io/ZipIndex.h"

static long rss_kb() {
  FILE* f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = 0;
  while (fgets(line, sizeof line, f)) if (!strncmp(line, "VmRSS:", 6)) kb = atol(line + 6);
  fclose(f);
  return kb;
}
static double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

int main(int argc, char** argv) {
  std::string mode = argv[1], path = argv[2];
  long rss0 = rss_kb();
  double t0 = now();
  if (mode == "libzip") {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
    double t1 = now();
    zip_int64_t n = zip_get_num_entries(z, 0);
    long rss1 = rss_kb();
    // names gathered first (not timed), then looked up
    std::vector<std::string> names;
    for (zip_int64_t i = 0; i < n; i += 1) names.emplace_back(zip_get_name(z, i, 0));
    double t2 = now();
    long found = 0;
    for (auto& s : names) found += zip_name_locate(z, s.c_str(), 0) >= 0;
    double t3 = now();
    printf("libzip: %lld entries, open %.3f s, +%ld MB RSS after open, %ld lookups %.3f s\n", (long long)n, t1 - t0,
           (rss1 - rss0) / 1024, found, t3 - t2);
  } else {
    int fd = open(path.c_str(), O_RDONLY);
    mm::ZipIndex index(fd, path);
    double t1 = now();
    long rss1 = rss_kb();
    std::vector<std::string> names;
    index.for_each([&](std::string_view name, const mm::ZipEntry&) { names.emplace_back(name); });
    double t2 = now();
    long found = 0;
    mm::ZipEntry e;
    for (auto& s : names) found += index.find(s, e) == mm::ZipIndex::Found::kYes;
    double t3 = now();
    printf("ZipIndex: %llu entries, open %.3f s, +%ld MB RSS after open (index %llu MB), for_each %.3f s, %ld lookups %.3f s\n",
           (unsigned long long)index.entries(), t1 - t0, (rss1 - rss0) / 1024,
           (unsigned long long)index.memory_bytes() >> 20, t2 - t1, found, t3 - t2);
  }
}

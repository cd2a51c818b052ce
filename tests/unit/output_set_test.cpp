// io/OutputSet (all outputs of a run or none), io/TempPath (temporaries of killed runs swept),
// io/OutputPaths (no output is an input, in an import tree, or another output) and the
// registry's removal of a staging directory.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "TestUtil.h"
#include "io/Error.h"
#include "io/OutputFile.h"
#include "io/OutputPaths.h"
#include "io/OutputSet.h"
#include "io/TempFileRegistry.h"
#include "io/TempPath.h"

namespace mm {
namespace {

std::string listing(const std::string& dir) {
  std::string out;
  test::run_command("LC_ALL=C ls -A " + dir, &out);
  return out;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// A PID that was a process and is no longer one.
pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

TEST(OutputSetTest, CommitPlacesEveryOutput) {
  test::TempDir dir;
  test::write_file(dir.file("a.toml"), "old a\n");
  test::write_file(dir.file("stale.sh"), "old script\n");
  OutputSet set;
  set.file(dir.file("a.toml")).write("new a\n");
  set.file(dir.file("b.json")).write("new b\n");
  std::string staged = set.staged_file(dir.file("c.zip"));
  test::write_file(staged, "zip bytes");
  std::string tree = set.staged_dir(dir.file("fixed"));
  test::write_file(tree + "/import.jsonl", "fixed\n");
  set.remove(dir.file("stale.sh"));
  set.remove(dir.file("never-there.sh"));
  EXPECT_EQ(test::read_file(dir.file("a.toml")), "old a\n");
  EXPECT_FALSE(exists(dir.file("b.json")));
  set.commit();
  EXPECT_EQ(test::read_file(dir.file("a.toml")), "new a\n");
  EXPECT_EQ(test::read_file(dir.file("b.json")), "new b\n");
  EXPECT_EQ(test::read_file(dir.file("c.zip")), "zip bytes");
  EXPECT_EQ(test::read_file(dir.file("fixed/import.jsonl")), "fixed\n");
  EXPECT_EQ(listing(dir.path()), "a.toml\nb.json\nc.zip\nfixed\n");
}

// Past the background sync's step, committed or discarded, the file is whole or gone and no
// temporary stays (the sync thread stops before the file is closed).
TEST(OutputFileTest, AnOutputSyncedInTheBackgroundIsWholeOrGone) {
  test::TempDir dir;
  std::string piece(1 << 20, 'x');
  piece.back() = '\n';
  {
    OutputFile out(dir.file("big.jsonl"));
    for (int i = 0; i < 80; ++i) out.write(piece);
    out.commit();
  }
  struct stat st;
  ASSERT_EQ(::stat(dir.file("big.jsonl").c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 80 << 20);
  {
    OutputFile out(dir.file("gone.jsonl"));
    for (int i = 0; i < 40; ++i) out.write(piece);
  }
  EXPECT_EQ(listing(dir.path()), "big.jsonl\n");
}

TEST(OutputSetTest, WithoutCommitNothingIsWrittenAndNothingIsLeft) {
  test::TempDir dir;
  test::write_file(dir.file("a.toml"), "old a\n");
  {
    OutputSet set;
    set.file(dir.file("a.toml")).write("new a\n");
    set.file(dir.file("b.json")).write("new b\n");
    test::write_file(set.staged_file(dir.file("c.zip")), "zip bytes");
    std::string tree = set.staged_dir(dir.file("fixed"));
    ::mkdir((tree + "/data").c_str(), 0755);
    test::write_file(tree + "/data/x.png", "x");
  }
  EXPECT_EQ(test::read_file(dir.file("a.toml")), "old a\n");
  EXPECT_EQ(listing(dir.path()), "a.toml\n");
}

// The third rename fails (a non-empty directory is where the file should go): the two outputs
// already renamed are put back as they were, the removed file too.
TEST(OutputSetTest, ARenameFailingHalfwayPutsEveryEarlierOutputBack) {
  test::TempDir dir;
  test::write_file(dir.file("a.toml"), "old a\n");
  test::write_file(dir.file("stale.sh"), "old script\n");
  ::mkdir(dir.file("c.json").c_str(), 0755);
  test::write_file(dir.file("c.json/keep"), "k");
  OutputSet set;
  set.file(dir.file("a.toml")).write("new a\n");
  set.file(dir.file("b.json")).write("new b\n");
  set.remove(dir.file("stale.sh"));
  set.file(dir.file("c.json")).write("new c\n");
  EXPECT_THROW(set.commit(), Error);
  EXPECT_EQ(test::read_file(dir.file("a.toml")), "old a\n");
  EXPECT_EQ(test::read_file(dir.file("stale.sh")), "old script\n");
  EXPECT_FALSE(exists(dir.file("b.json")));
  EXPECT_EQ(listing(dir.path()), "a.toml\nc.json\nstale.sh\n");
}

TEST(OutputSetTest, RemoveLeavesAnythingButARegularFile) {
  test::TempDir dir;
  ::mkdir(dir.file("o.jsonl.memberships.sh").c_str(), 0755);
  test::write_file(dir.file("o.jsonl.memberships.sh/keep"), "k");
  OutputSet set;
  set.file(dir.file("o.jsonl")).write("x");
  set.remove(dir.file("o.jsonl.memberships.sh"));
  set.commit();
  EXPECT_EQ(test::read_file(dir.file("o.jsonl.memberships.sh/keep")), "k");
  EXPECT_EQ(listing(dir.path()), "o.jsonl\no.jsonl.memberships.sh\n");
}

TEST(OutputSetTest, AStagedFileNeverWrittenFailsTheCommitBeforeAnyRename) {
  test::TempDir dir;
  OutputSet set;
  set.file(dir.file("a.toml")).write("new a\n");
  set.staged_file(dir.file("c.zip"));
  EXPECT_THROW(set.commit(), Error);
  EXPECT_EQ(listing(dir.path()), "");
}

TEST(TempPathTest, OnlyTheExactPatternOfTheSameOutputIsATemporary) {
  long pid = 0;
  EXPECT_TRUE(parse_temp_name(".out.jsonl.tmp-123-4", "out.jsonl", pid));
  EXPECT_EQ(pid, 123);
  EXPECT_FALSE(parse_temp_name(".out.jsonl.tmp-123-4", "out.json", pid));
  EXPECT_FALSE(parse_temp_name(".out.jsonl.tmp-123-4.XXXXXX", "out.jsonl", pid));
  EXPECT_FALSE(parse_temp_name(".out.jsonl.tmp-123-", "out.jsonl", pid));
  EXPECT_FALSE(parse_temp_name(".out.jsonl.tmp--4", "out.jsonl", pid));
  EXPECT_FALSE(parse_temp_name(".out.jsonl.tmp-12a-4", "out.jsonl", pid));
  EXPECT_FALSE(parse_temp_name("out.jsonl.tmp-123-4", "out.jsonl", pid));
  EXPECT_FALSE(parse_temp_name(".x.out.jsonl.tmp-123-4", "out.jsonl", pid));
}

TEST(TempPathTest, TemporariesOfDeadProcessesAreRemovedByTheNextOutput) {
  test::TempDir dir;
  std::string dead = std::to_string(dead_pid());
  std::string live = std::to_string(::getppid());
  test::write_file(dir.file(".out.jsonl.tmp-" + dead + "-0"), "stale");
  ::mkdir(dir.file(".out.jsonl.tmp-" + dead + "-1").c_str(), 0755);  // a staging directory
  test::write_file(dir.file(".out.jsonl.tmp-" + dead + "-1/out.jsonl"), "stale");
  test::write_file(dir.file(".out.jsonl.tmp-" + live + "-0"), "a live run's");
  test::write_file(dir.file(".other.jsonl.tmp-" + dead + "-0"), "another output's");
  test::write_file(dir.file(".out.jsonl.tmp-" + dead + "-0.bak"), "not our pattern");
  test::write_file(dir.file("out.jsonl.tmp-" + dead + "-0"), "not hidden: not ours");
  {
    OutputFile out(dir.file("out.jsonl"));
    out.write("x");
    out.commit();
  }
  std::vector<std::string> want = {".other.jsonl.tmp-" + dead + "-0", ".out.jsonl.tmp-" + dead + "-0.bak",
                                   ".out.jsonl.tmp-" + live + "-0", "out.jsonl", "out.jsonl.tmp-" + dead + "-0"};
  std::sort(want.begin(), want.end());
  std::string joined;
  for (const std::string& w : want) joined += w + "\n";
  EXPECT_EQ(listing(dir.path()), joined);
}

TEST(TempPathTest, AStagedOutputSweepsToo) {
  test::TempDir dir;
  std::string dead = std::to_string(dead_pid());
  test::write_file(dir.file(".o.zip.tmp-" + dead + "-3"), "stale");
  OutputSet set;
  test::write_file(set.staged_file(dir.file("o.zip")), "zip");
  set.commit();
  EXPECT_EQ(listing(dir.path()), "o.zip\n");
}

TEST(TempFileRegistryTest, ATreeIsRemovedWholeWithoutFollowingLinks) {
  test::TempDir dir;
  test::write_file(dir.file("outside"), "keep");
  std::string tree = dir.file("tree");
  ::mkdir(tree.c_str(), 0755);
  std::string deep = tree;
  for (int i = 0; i < 6; ++i) {
    deep += "/d" + std::to_string(i);
    ::mkdir(deep.c_str(), 0755);
    for (int f = 0; f < 40; ++f) test::write_file(deep + "/f" + std::to_string(f), "x");
  }
  ASSERT_EQ(::symlink(dir.path().c_str(), (tree + "/link").c_str()), 0);
  EXPECT_TRUE(remove_tree_signal_safe(tree.c_str()));
  EXPECT_EQ(listing(dir.path()), "outside\n");
  EXPECT_TRUE(remove_tree_signal_safe(tree.c_str()));  // already gone
}

class OutputPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir.file("s.jsonl"), "s");
    test::write_file(dir.file("t.jsonl"), "t");
    ::mkdir(dir.file("imp").c_str(), 0755);
    ::mkdir(dir.file("imp/data").c_str(), 0755);
    ::mkdir(dir.file("out").c_str(), 0755);
  }
  std::string error_of(const RunPaths& paths) {
    try {
      check_output_paths(paths);
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), kExitUsage);
      return e.what();
    }
    return "";
  }
  RunPaths plan_paths(const std::string& out, const std::string& report = "", const std::string& csv = "") {
    RunPaths p;
    p.input("SOURCE", dir.file("s.jsonl"));
    p.input("--target", dir.file("t.jsonl"));
    p.tree("--import-path", dir.file("imp"));
    p.output("--out", out);
    p.output("--report", report);
    p.output("--notify-csv", csv);
    return p;
  }
  test::TempDir dir;
};

TEST_F(OutputPathsTest, DistinctNewOutputsPass) {
  EXPECT_EQ(error_of(plan_paths(dir.file("out/p.toml"), dir.file("out/r.json"), dir.file("c.csv"))), "");
}

TEST_F(OutputPathsTest, AnOutputThatIsAnInputIsRefusedNamingBoth) {
  EXPECT_EQ(error_of(plan_paths(dir.file("s.jsonl"))),
            "--out " + dir.file("s.jsonl") + ": is the SOURCE " + dir.file("s.jsonl") +
                ", an input of the run; choose another output");
  EXPECT_NE(error_of(plan_paths(dir.file("p.toml"), dir.file("t.jsonl"))).find("--report " + dir.file("t.jsonl") + ": is the --target"),
            std::string::npos);
  EXPECT_NE(error_of(plan_paths(dir.file("p.toml"), "", dir.file("s.jsonl"))).find("--notify-csv"), std::string::npos);
}

TEST_F(OutputPathsTest, AnExportZipGivenAsTheImportTreeIsAnInput) {
  test::write_file(dir.file("export.zip"), "PK");
  RunPaths p;
  p.input("SOURCE", dir.file("s.jsonl"));
  p.import_tree(dir.file("export.zip"));
  p.output("--out", dir.file("export.zip"));
  EXPECT_NE(error_of(p).find("is the --import-path"), std::string::npos) << error_of(p);
}

TEST_F(OutputPathsTest, LinksAndOtherSpellingsOfAnInputAreTheInput) {
  ASSERT_EQ(::symlink(dir.file("s.jsonl").c_str(), dir.file("link.jsonl").c_str()), 0);
  ASSERT_EQ(::link(dir.file("t.jsonl").c_str(), dir.file("hard.jsonl").c_str()), 0);
  ASSERT_EQ(::symlink(dir.path().c_str(), dir.file("here").c_str()), 0);
  EXPECT_NE(error_of(plan_paths(dir.file("link.jsonl"))).find("is the SOURCE"), std::string::npos);
  EXPECT_NE(error_of(plan_paths(dir.file("hard.jsonl"))).find("is the --target"), std::string::npos);
  EXPECT_NE(error_of(plan_paths(dir.file("out/../s.jsonl"))).find("is the SOURCE"), std::string::npos);
  EXPECT_NE(error_of(plan_paths(dir.file("here/t.jsonl"))).find("is the --target"), std::string::npos);
}

TEST_F(OutputPathsTest, TwoOutputsThatAreOneFileAreRefused) {
  EXPECT_EQ(error_of(plan_paths(dir.file("p.toml"), dir.file("out/../p.toml"))),
            "--report " + dir.file("out/../p.toml") + ": is also the --out " + dir.file("p.toml") +
                "; two outputs of one run cannot be one file");
  test::write_file(dir.file("x.json"), "old");
  ASSERT_EQ(::symlink(dir.file("x.json").c_str(), dir.file("x-link.json").c_str()), 0);
  EXPECT_NE(error_of(plan_paths(dir.file("x.json"), "", dir.file("x-link.json"))).find("is also the --out"),
            std::string::npos);
}

TEST_F(OutputPathsTest, AnOutputInsideTheImportTreeIsRefusedEvenWhenNew) {
  EXPECT_EQ(error_of(plan_paths(dir.file("imp/data/p.toml"))),
            "--out " + dir.file("imp/data/p.toml") + ": is inside the --import-path " + dir.file("imp") +
                ", which is only read; choose another output");
  EXPECT_NE(error_of(plan_paths(dir.file("imp"))).find("is inside the --import-path"), std::string::npos);
  ASSERT_EQ(::symlink(dir.file("imp/data").c_str(), dir.file("data-link").c_str()), 0);
  EXPECT_NE(error_of(plan_paths(dir.file("data-link/p.toml"))).find("is inside the --import-path"), std::string::npos);
  EXPECT_EQ(error_of(plan_paths(dir.file("imp-not/p.toml"))), "");  // a sibling whose name starts alike
}

}  // namespace
}  // namespace mm

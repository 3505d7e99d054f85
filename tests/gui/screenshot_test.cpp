// Headless rendering: SDL's offscreen driver and the software renderer draw
// real frames with no display, and the PNG has the requested size and shows
// something. The smoke test of issue 6: the default world after a website
// Add New User flow.
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "devices/world.hpp"
#include "gui/app_shell.hpp"
#include "gui/gui.hpp"
#include "gui/site_controller.hpp"
#include "gui/windows/windows.hpp"
#include "headless_window.hpp"

namespace lockstep::gui {
namespace {

struct PngHeader {
  bool signature_ok = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

// The PNG signature and the IHDR chunk's width and height (big-endian).
PngHeader read_png_header(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<unsigned char, 24> b{};
  in.read(reinterpret_cast<char*>(b.data()), static_cast<std::streamsize>(b.size()));
  PngHeader h;
  if (!in) return h;
  static constexpr std::array<unsigned char, 8> kSignature{0x89, 'P',  'N',  'G',
                                                           '\r', '\n', 0x1A, '\n'};
  h.signature_ok = std::equal(kSignature.begin(), kSignature.end(), b.begin()) && b[12] == 'I' &&
                   b[13] == 'H' && b[14] == 'D' && b[15] == 'R';
  auto be32 = [&](std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
  };
  h.width = be32(16);
  h.height = be32(20);
  return h;
}

std::filesystem::path temp_png(const char* name) {
  return std::filesystem::temp_directory_path() /
         (std::string("lockstep_gui_") + name + "_" +
          std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".png");
}

// Log in -> Users -> Add New User -> Casey Morgan -> Create -> code ->
// toggles -> Save, through the controller.
void add_casey_on_the_website(SiteController& c) {
  const auto& account = devices::default_world().account;
  c.apply(action::LogIn{Client::website, account.email, account.password});
  c.apply(action::Click{Client::website, "Users"});
  c.apply(action::Click{Client::website, "Add New User"});
  c.apply(action::SetField{Client::website, Field::first_name, "Casey"});
  c.apply(action::SetField{Client::website, Field::last_name, "Morgan"});
  c.apply(action::Click{Client::website, "Create"});
  c.apply(action::SetField{Client::website, Field::access_code, "8362"});
  c.apply(action::ToggleDevice{Client::website, {DeviceRef::Kind::partition, 0}, true});
  c.apply(action::ToggleDevice{Client::website, {DeviceRef::Kind::lock, 0}, true});
  c.apply(action::ToggleDevice{Client::website, {DeviceRef::Kind::lock, 1}, true});
  c.apply(action::Click{Client::website, "Save"});
  c.apply(action::Click{Client::website, "Users"});
}

TEST(Screenshot, TheDefaultWorldAfterAWebsiteAddNewUserRendersToAPngOfTheRequestedSize) {
  SiteController controller(devices::default_world());
  add_casey_on_the_website(controller);
  ASSERT_EQ(controller.views().website.users.size(), 4u);
  ASSERT_EQ(controller.views().website.users[3].sync.at(0).state, SyncState::pending);
  controller.run_for(sim::Duration::s(30));
  const auto path = temp_png("default_world");
  std::string error;
  ASSERT_TRUE(render_screenshot(controller, path.string(), 1280, 800, &error)) << error;
  ASSERT_TRUE(std::filesystem::exists(path));
  const PngHeader h = read_png_header(path);
  EXPECT_TRUE(h.signature_ok);
  EXPECT_EQ(h.width, 1280u);
  EXPECT_EQ(h.height, 800u);
  EXPECT_GT(std::filesystem::file_size(path), 10'000u)
      << "a blank frame compresses to almost nothing";
  std::filesystem::remove(path);
}

TEST(Screenshot, TheCapturedFrameIsNotBlank) {
  auto shell = open_headless_window(1024, 700);
  ASSERT_TRUE(shell);
  SiteController controller(devices::default_world());
  add_casey_on_the_website(controller);
  UiState ui;
  std::vector<GuiAction> actions;
  Image image;
  for (int i = 0; i < 3; ++i) {
    shell->frame([&](float w, float h) { draw_all(controller.views(), ui, actions, w, h); },
                 i == 2 ? &image : nullptr);
  }
  EXPECT_EQ(image.width, 1024);
  EXPECT_EQ(image.height, 700);
  ASSERT_EQ(image.rgba.size(), 1024u * 700u * 4u);
  // Text is anti-aliased and states are coloured: a real frame has hundreds
  // of colours, a blank one has one.
  EXPECT_GT(image.distinct_colours(), 100u);
  EXPECT_TRUE(actions.empty()) << "no input, no action";
}

TEST(Screenshot, OnlyOneWindowOpensAtATime) {
  std::string error;
  const ShellOptions options = headless_options(200, 200);
  auto first = AppShell::open(options, &error);
  ASSERT_TRUE(first) << error;
  auto second = AppShell::open(options, &error);
  EXPECT_FALSE(second);
  EXPECT_NE(error.find("already open"), std::string::npos) << error;
  first.reset();
  auto third = AppShell::open(options, &error);
  EXPECT_TRUE(third) << error;
}

TEST(Screenshot, WritePngRefusesAnEmptyImage) {
  std::string error;
  EXPECT_FALSE(write_png(temp_png("empty").string(), Image{}, &error));
  EXPECT_EQ(error, "no image to write");
}

}  // namespace
}  // namespace lockstep::gui

// [SECTION] Fonts
// [SECTION] Open and close
// [SECTION] Frame
// [SECTION] Input injection
// [SECTION] Images
#include "gui/app_shell.hpp"

#include <SDL.h>
#include <algorithm>
#include <backends/imgui_impl_sdl.h>
#include <backends/imgui_impl_sdlrenderer.h>
#include <cstring>
#include <filesystem>
#include <imgui.h>
#include <unordered_set>

#include "gui/software_render.hpp"
#include "gui/widgets.hpp"

// stb_image_write, compiled here only and with internal linkage: libstb
// (which Dear ImGui's pkg-config file links) exports the same names.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

namespace lockstep::gui {

struct AppShell::Impl {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  bool software = false;  // SDL's software renderer: render_draw_data_software
  bool imgui_context = false;
  bool sdl_backend = false;
  bool renderer_backend = false;
  bool quit = false;
  Uint32 window_id = 0;
  // The mouse as the events say (see the header).
  bool mouse_seen = false;
  float mouse_x = 0, mouse_y = 0;
  bool mouse_held = false;
  bool mouse_pressed = false;  // a press arrived since the last frame

  ~Impl() {
    if (renderer_backend) ImGui_ImplSDLRenderer_Shutdown();
    if (sdl_backend) ImGui_ImplSDL2_Shutdown();
    if (imgui_context) ImGui::DestroyContext();
    fonts() = Fonts{};
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    SDL_Quit();
  }
};

namespace {

bool g_open = false;  // one shell at a time

// ---------------------------------------------------------------------------
// [SECTION] Fonts
// ---------------------------------------------------------------------------

// DejaVu when installed (fonts-dejavu-core); Dear ImGui's built-in font
// otherwise, at every size. `pixel_snapped` (the software renderer, which
// samples textures nearest): glyphs at one texel per pixel on whole pixels,
// crisper there, and each glyph a 1:1 copy (gui/software_render.hpp).
void load_fonts(bool pixel_snapped) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontConfig config;
  if (pixel_snapped) {
    config.OversampleH = 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
  }
  const std::filesystem::path dir = "/usr/share/fonts/truetype/dejavu";
  auto load = [&](const char* file, float size) -> ImFont* {
    const auto path = dir / file;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return nullptr;
    return io.Fonts->AddFontFromFileTTF(path.c_str(), size, &config);
  };
  Fonts f;
  f.regular = load("DejaVuSans.ttf", 15.0f);
  if (f.regular == nullptr) {
    f.regular = io.Fonts->AddFontDefault();
    fonts() = Fonts{f.regular, f.regular, nullptr, f.regular};
    return;
  }
  f.bold = load("DejaVuSans-Bold.ttf", 15.0f);
  f.large = load("DejaVuSans.ttf", 26.0f);
  f.mono = load("DejaVuSansMono.ttf", 14.0f);
  if (f.bold == nullptr) f.bold = f.regular;
  if (f.mono == nullptr) f.mono = f.regular;
  fonts() = f;
}

}  // namespace

// ---------------------------------------------------------------------------
// [SECTION] Open and close
// ---------------------------------------------------------------------------

AppShell::AppShell(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AppShell::~AppShell() {
  impl_.reset();
  g_open = false;
}

std::unique_ptr<AppShell> AppShell::open(const ShellOptions& options, std::string* error) {
  auto fail = [&](std::string what) -> std::unique_ptr<AppShell> {
    if (error) *error = std::move(what);
    return nullptr;
  };
  if (g_open) return fail("a Lockstep window is already open (one at a time)");
  if (options.width < 64 || options.height < 64)
    return fail("the window must be at least 64x64 pixels");

  if (options.headless) {
    // OVERRIDE: an SDL_VIDEODRIVER in the environment (x11, wayland) must
    // not win over a headless request.
    SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
    // Pure software: no OpenGL/EGL behind the window surface (SDL would
    // otherwise load Mesa to back it, for nothing).
    SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_OVERRIDE);
    SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "software", SDL_HINT_OVERRIDE);
  }
  if (SDL_Init(SDL_INIT_VIDEO) != 0) {
    std::string why = SDL_GetError();
    return fail("cannot start SDL video (" + why +
                "); with no display, use --screenshot, or set SDL_VIDEODRIVER=offscreen");
  }
  const std::string driver = SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "";
  if (!options.headless && (driver == "offscreen" || driver == "dummy")) {
    SDL_Quit();
    return fail("no display to open a window on (SDL chose its \"" + driver +
                "\" video driver); use --screenshot FILE.png to render without one");
  }
  auto impl = std::make_unique<Impl>();
  g_open = true;
  auto shell = std::unique_ptr<AppShell>(new AppShell(std::move(impl)));
  Impl& s = *shell->impl_;

  const Uint32 window_flags = SDL_WINDOW_ALLOW_HIGHDPI |
                              (options.headless ? 0u : static_cast<Uint32>(SDL_WINDOW_RESIZABLE));
  s.window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                              options.width, options.height, window_flags);
  if (s.window == nullptr) return fail(std::string("cannot open a window: ") + SDL_GetError());
  s.window_id = SDL_GetWindowID(s.window);

  if (!options.headless) {
    s.renderer =
        SDL_CreateRenderer(s.window, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  }
  if (s.renderer == nullptr) s.renderer = SDL_CreateRenderer(s.window, -1, SDL_RENDERER_SOFTWARE);
  if (s.renderer == nullptr)
    return fail(std::string("cannot create a renderer: ") + SDL_GetError());

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  s.imgui_context = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the tiled layout every start; no file in the working directory
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  apply_theme();
  // SDL's software renderer fills each triangle over its whole bounding box
  // (through a temporary surface when it blends): a rounded window or frame,
  // a fan of triangles as big as itself, costs milliseconds there; a square
  // one is two triangles that render_draw_data_software fills as a rectangle.
  // So square corners there (bench/gui_frame_bench.cpp: 1,000-lock fleet
  // frame 28 ms -> about 11 ms with these and the phone's square bezel).
  SDL_RendererInfo info{};
  s.software =
      SDL_GetRendererInfo(s.renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE) != 0;
  set_software_rendering(s.software);
  if (s.software) {
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 0.0f;
    style.ChildRounding = 0.0f;
    style.PopupRounding = 0.0f;
    style.FrameRounding = 0.0f;
    style.GrabRounding = 0.0f;
    style.ScrollbarRounding = 0.0f;
    style.TabRounding = 0.0f;
  }
  load_fonts(s.software);
  if (!ImGui_ImplSDL2_InitForSDLRenderer(s.window))
    return fail("cannot start Dear ImGui's SDL2 backend");
  s.sdl_backend = true;
  if (!ImGui_ImplSDLRenderer_Init(s.renderer))
    return fail("cannot start Dear ImGui's SDL renderer backend");
  s.renderer_backend = true;
  return shell;
}

int AppShell::width() const {
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(impl_->renderer, &w, &h);
  return w;
}

int AppShell::height() const {
  int w = 0, h = 0;
  SDL_GetRendererOutputSize(impl_->renderer, &w, &h);
  return h;
}

bool AppShell::quit_requested() const {
  return impl_->quit;
}

// ---------------------------------------------------------------------------
// [SECTION] Frame
// ---------------------------------------------------------------------------

bool AppShell::frame(const DrawFn& draw, Image* capture) {
  Impl& s = *impl_;
  SDL_Event e;
  while (SDL_PollEvent(&e) != 0) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    switch (e.type) {
      case SDL_QUIT:
        s.quit = true;
        break;
      case SDL_WINDOWEVENT:
        if (e.window.event == SDL_WINDOWEVENT_CLOSE && e.window.windowID == s.window_id)
          s.quit = true;
        if (e.window.event == SDL_WINDOWEVENT_LEAVE) s.mouse_seen = false;
        break;
      case SDL_MOUSEMOTION:
        s.mouse_seen = true;
        s.mouse_x = static_cast<float>(e.motion.x);
        s.mouse_y = static_cast<float>(e.motion.y);
        break;
      case SDL_MOUSEBUTTONDOWN:
      case SDL_MOUSEBUTTONUP:
        if (e.button.button != SDL_BUTTON_LEFT) break;
        s.mouse_seen = true;
        s.mouse_x = static_cast<float>(e.button.x);
        s.mouse_y = static_cast<float>(e.button.y);
        s.mouse_held = e.type == SDL_MOUSEBUTTONDOWN;
        if (s.mouse_held) s.mouse_pressed = true;
        break;
      default:
        break;
    }
  }

  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (s.mouse_seen) {
    io.MousePos = ImVec2(s.mouse_x, s.mouse_y);
    io.MouseDown[0] = s.mouse_held || s.mouse_pressed;
  }
  s.mouse_pressed = false;

  ImGui::NewFrame();
  draw(io.DisplaySize.x, io.DisplaySize.y);
  ImGui::Render();

  SDL_SetRenderDrawColor(s.renderer, 226, 229, 234, 255);
  SDL_RenderClear(s.renderer);
  if (s.software) {
    render_draw_data_software(s.renderer, ImGui::GetDrawData());
  } else {
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  }
  if (capture != nullptr) {
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(s.renderer, &w, &h);
    capture->width = w;
    capture->height = h;
    capture->rgba.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4u, 0);
    if (SDL_RenderReadPixels(s.renderer, nullptr, SDL_PIXELFORMAT_RGBA32, capture->rgba.data(),
                             w * 4) != 0) {
      capture->width = capture->height = 0;
      capture->rgba.clear();
    }
  }
  SDL_RenderPresent(s.renderer);
  return !s.quit;
}

// ---------------------------------------------------------------------------
// [SECTION] Input injection
// ---------------------------------------------------------------------------

void AppShell::push_mouse_move(float x, float y) {
  SDL_Event e{};
  e.type = SDL_MOUSEMOTION;
  e.motion.windowID = impl_->window_id;
  e.motion.x = static_cast<Sint32>(x);
  e.motion.y = static_cast<Sint32>(y);
  SDL_PushEvent(&e);
}

void AppShell::push_mouse_button(float x, float y, bool down) {
  SDL_Event e{};
  e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  e.button.windowID = impl_->window_id;
  e.button.button = SDL_BUTTON_LEFT;
  e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.button.clicks = 1;
  e.button.x = static_cast<Sint32>(x);
  e.button.y = static_cast<Sint32>(y);
  SDL_PushEvent(&e);
}

void AppShell::push_text(std::string_view utf8) {
  // SDL_TEXTINPUT carries at most 31 bytes: split on character boundaries.
  while (!utf8.empty()) {
    std::size_t n = std::min<std::size_t>(utf8.size(), SDL_TEXTINPUTEVENT_TEXT_SIZE - 1);
    while (n < utf8.size() && n > 0 && (static_cast<unsigned char>(utf8[n]) & 0xC0) == 0x80)
      --n;
    SDL_Event e{};
    e.type = SDL_TEXTINPUT;
    e.text.windowID = impl_->window_id;
    std::memcpy(e.text.text, utf8.data(), n);
    SDL_PushEvent(&e);
    utf8.remove_prefix(n);
  }
}

void AppShell::push_key(KeyCode key, bool down) {
  SDL_Scancode code = SDL_SCANCODE_UNKNOWN;
  switch (key) {
    case KeyCode::enter:
      code = SDL_SCANCODE_RETURN;
      break;
    case KeyCode::tab:
      code = SDL_SCANCODE_TAB;
      break;
    case KeyCode::backspace:
      code = SDL_SCANCODE_BACKSPACE;
      break;
    case KeyCode::escape:
      code = SDL_SCANCODE_ESCAPE;
      break;
    case KeyCode::left:
      code = SDL_SCANCODE_LEFT;
      break;
    case KeyCode::right:
      code = SDL_SCANCODE_RIGHT;
      break;
    case KeyCode::home:
      code = SDL_SCANCODE_HOME;
      break;
    case KeyCode::end:
      code = SDL_SCANCODE_END;
      break;
  }
  SDL_Event e{};
  e.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  e.key.windowID = impl_->window_id;
  e.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  e.key.keysym.scancode = code;
  e.key.keysym.sym = SDL_GetKeyFromScancode(code);
  SDL_PushEvent(&e);
}

// ---------------------------------------------------------------------------
// [SECTION] Images
// ---------------------------------------------------------------------------

std::size_t Image::distinct_colours() const {
  std::unordered_set<std::uint32_t> seen;
  for (std::size_t i = 0; i + 3 < rgba.size(); i += 4) {
    std::uint32_t c = 0;
    std::memcpy(&c, &rgba[i], 4);
    seen.insert(c);
  }
  return seen.size();
}

bool write_png(const std::string& path, const Image& image, std::string* error) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgba.size() !=
          static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4u) {
    if (error) *error = "no image to write";
    return false;
  }
  if (stbi_write_png(path.c_str(), image.width, image.height, 4, image.rgba.data(),
                     image.width * 4) == 0) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace lockstep::gui

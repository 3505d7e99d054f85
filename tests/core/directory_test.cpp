#include "core/directory.hpp"

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace lockstep::core {
namespace {

// The article's system: one panel, partitions House and Garage, three locks.
SystemConfig example_system(std::uint16_t max_users = 48, std::uint16_t front_door_slots = 30) {
  SystemConfig c;
  c.panel.model = "48-user hardwired panel";
  c.panel.max_users = max_users;
  c.panel.code_lengths = CodeLengths{4, 6};
  c.partitions = {{"House"}, {"Garage"}};
  LockSpec deadbolt;
  deadbolt.slots = front_door_slots;
  deadbolt.code_lengths = CodeLengths{4, 8, {}, true};
  LockSpec five_button;
  five_button.five_button_keypad = true;
  LockSpec lever;
  lever.slots = 19;
  lever.code_lengths = CodeLengths{4, 4};
  c.locks = {{"Front Door", deadbolt}, {"Back Door", five_button}, {"Garage Door", lever}};
  c.installer_code = AccessCode("4112");
  return c;
}

const std::vector<PartitionStatus> kDisarmed = {{"House", PartitionState::disarmed},
                                                {"Garage", PartitionState::disarmed}};
const std::vector<PartitionStatus> kArmedAway = {{"House", PartitionState::armed_away},
                                                 {"Garage", PartitionState::disarmed}};

class DirectoryTest : public ::testing::Test {
 protected:
  UserId create(const char* first, const char* last, Role role = Role::standard) {
    auto id = dir.create_user(first, last, role, kDisarmed);
    EXPECT_TRUE(id.ok());
    return *id;
  }
  Verdict give_code(UserId id, const char* code, Grants grants) {
    return dir.save(id, CodeEdit{AccessCode(code), std::move(grants), {}, {}}, kDisarmed);
  }
  Grants all() const { return Grants::everything(dir.config()); }

  Directory dir{example_system()};
};

TEST_F(DirectoryTest, TheArticlesWebsiteFlowCreatesAUserThenSavesTheirCodeAndToggles) {
  // Add New User -> first and last name -> Create.
  const UserId ada = create("  Ada ", "Lovelace");
  ASSERT_NE(dir.find(ada), nullptr);
  EXPECT_EQ(dir.find(ada)->display_name(), "Ada Lovelace");
  EXPECT_FALSE(dir.find(ada)->code.has_value());

  // Access Code -> a toggle per partition and lock -> Save.
  Grants grants = all();
  grants.locks.set(2, false);  // not the Garage Door
  ASSERT_TRUE(give_code(ada, "2739", grants).ok());
  EXPECT_EQ(dir.find(ada)->grants, grants);
  EXPECT_EQ(dir.desired_for_lock(LockIndex{0}).size(), 1U);
  EXPECT_TRUE(dir.desired_for_lock(LockIndex{2}).empty());
  EXPECT_EQ(dir.desired_for_panel().size(), 1U);
}

TEST_F(DirectoryTest, CreateNeedsBothNames) {
  auto r = dir.create_user("Ada", "   ", Role::standard, kDisarmed);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().id, ErrorId::name_required);
  EXPECT_EQ(r.error().subject, "last name");
  EXPECT_TRUE(dir.users().empty());
}

TEST_F(DirectoryTest, NamesAreUnicodeAndLimitedTo64Characters) {
  EXPECT_TRUE(dir.create_user("Zoë", "Ødegård", Role::standard, kDisarmed).ok());
  EXPECT_TRUE(dir.create_user(std::string(64, 'a'), "B", Role::standard, kDisarmed).ok());
  EXPECT_EQ(dir.create_user(std::string(65, 'a'), "B", Role::standard, kDisarmed).error().id,
            ErrorId::name_too_long);
  EXPECT_EQ(dir.create_user("Bad\x01", "B", Role::standard, kDisarmed).error().id,
            ErrorId::name_invalid);
  EXPECT_EQ(dir.create_user("\xC3\x28", "B", Role::standard, kDisarmed).error().id,
            ErrorId::name_invalid);
}

TEST_F(DirectoryTest, CodeEditsAreRefusedWhileArmedAndNothingChanges) {
  const UserId ada = create("Ada", "Lovelace");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());
  const Verdict v = dir.save(ada, CodeEdit{AccessCode("8362"), {}, {}, {}}, kArmedAway);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::system_armed);
  EXPECT_EQ(v.first_error().subject, "House (Armed Away)");
  EXPECT_TRUE(*dir.find(ada)->code == AccessCode("2739"));
  EXPECT_EQ(dir.create_user("Bo", "Li", Role::standard, kArmedAway).error().id,
            ErrorId::system_armed);
  EXPECT_EQ(dir.delete_user(ada, kArmedAway).first_error().id, ErrorId::system_armed);
  EXPECT_EQ(dir.users().size(), 1U);
}

TEST_F(DirectoryTest, NamesAndContactsMayChangeWhileArmed) {
  const UserId ada = create("Ada", "Lovelace");
  EXPECT_TRUE(dir.rename(ada, "Augusta", "King").ok());
  EXPECT_TRUE(dir.add_contact(ada, EmailContact{"ada@example.com", EmailFormat::html}).ok());
  // Saving an unchanged form is no edit, armed or not.
  EXPECT_TRUE(dir.save(ada, CodeEdit{{}, dir.find(ada)->grants, {}, {}}, kArmedAway).ok());
}

TEST_F(DirectoryTest, ProgrammingWhileArmedPanelsAcceptCodeEdits) {
  SystemConfig config = example_system();
  config.panel.programming_while_armed = true;
  Directory armed_ok(config);
  auto id = armed_ok.create_user("Ada", "Lovelace", Role::standard, kArmedAway);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(armed_ok.save(*id, CodeEdit{AccessCode("2739"), {}, {}, {}}, kArmedAway).ok());
}

TEST_F(DirectoryTest, ARefusedSaveLeavesEveryFieldAsItWas) {
  const UserId ada = create("Ada", "Lovelace");
  const UserId bob = create("Bob", "Stone");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());
  Grants fewer = all();
  fewer.locks.set(0, false);
  // Bob asks for Ada's code together with new grants: refused whole.
  const Verdict v = give_code(bob, "2739", fewer);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::code_in_use);
  EXPECT_FALSE(dir.find(bob)->code.has_value());
  EXPECT_EQ(dir.find(bob)->grants, Grants::nothing(dir.config()));
}

TEST_F(DirectoryTest, ASaveHandsBackTheUserAsTheyWereOnlyWhenItSucceeds) {
  const UserId ada = create("Ada", "Lovelace");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());
  Grants fewer = all();
  fewer.locks.set(1, false);

  User previous;
  previous.first_name = "untouched";
  const Verdict refused =
      dir.save(ada, CodeEdit{AccessCode("8362"), fewer, {}, {}}, kArmedAway, &previous);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(previous.first_name, "untouched");

  ASSERT_TRUE(
      dir.save(ada, CodeEdit{AccessCode("8362"), fewer, {}, {}}, kDisarmed, &previous).ok());
  EXPECT_EQ(previous.id, ada);
  EXPECT_EQ(previous.first_name, "Ada");
  ASSERT_TRUE(previous.code.has_value());
  EXPECT_TRUE(*previous.code == AccessCode("2739"));
  EXPECT_EQ(previous.grants, all());
  EXPECT_TRUE(*dir.find(ada)->code == AccessCode("8362"));
  EXPECT_EQ(dir.find(ada)->grants, fewer);
}

TEST_F(DirectoryTest, ADeleteHandsBackTheRemovedUserOnlyWhenItSucceeds) {
  const UserId ada = create("Ada", "Lovelace");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());

  User removed;
  removed.first_name = "untouched";
  ASSERT_FALSE(dir.delete_user(ada, kArmedAway, &removed).ok());
  EXPECT_EQ(removed.first_name, "untouched");

  ASSERT_TRUE(dir.delete_user(ada, kDisarmed, &removed).ok());
  EXPECT_EQ(dir.find(ada), nullptr);
  EXPECT_EQ(removed.id, ada);
  EXPECT_EQ(removed.display_name(), "Ada Lovelace");
  ASSERT_TRUE(removed.code.has_value());
  EXPECT_TRUE(*removed.code == AccessCode("2739"));
  EXPECT_EQ(removed.grants, all());
}

TEST_F(DirectoryTest, InstallerAndDuressCodesAreReserved) {
  const UserId duress = create("Help", "Me", Role::duress);
  ASSERT_TRUE(give_code(duress, "5820", Grants::nothing(dir.config())).ok());
  const UserId ada = create("Ada", "Lovelace");
  EXPECT_EQ(give_code(ada, "4112", all()).first_error().id, ErrorId::code_reserved);
  EXPECT_EQ(give_code(ada, "5820", all()).first_error().id, ErrorId::code_reserved);
}

TEST_F(DirectoryTest, DuressRoleNeedsAPanelThatSupportsIt) {
  SystemConfig config = example_system();
  config.panel.duress = DuressScope::none;
  Directory no_duress(config);
  EXPECT_EQ(no_duress.create_user("A", "B", Role::duress, kDisarmed).error().id,
            ErrorId::role_not_supported);
}

TEST_F(DirectoryTest, CodesMustSuitEveryGrantedLockAndErrorsNameTheLock) {
  const UserId ada = create("Ada", "Lovelace");
  // Garage Door accepts 4 digits only: a 6-digit code is refused there.
  const Verdict v = give_code(ada, "273946", all());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::code_length_unsupported_by_lock);
  EXPECT_EQ(v.first_error().subject, "Garage Door");
  // Turning the Garage Door off makes the same code acceptable.
  Grants no_garage = all();
  no_garage.locks.set(2, false);
  EXPECT_TRUE(give_code(ada, "273946", no_garage).ok());
  // Granting the lock later re-checks the existing code.
  const Verdict later = dir.save(ada, CodeEdit{{}, all(), {}, {}}, kDisarmed);
  EXPECT_EQ(later.first_error().id, ErrorId::code_length_unsupported_by_lock);
}

TEST_F(DirectoryTest, FiveButtonLocksRefuseCodesThatPressTheSameButtons) {
  const UserId ada = create("Ada", "Lovelace");
  const UserId bob = create("Bob", "Stone");
  ASSERT_TRUE(give_code(ada, "1357", all()).ok());
  const Verdict v = give_code(bob, "2468", all());
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::code_button_collision);
  EXPECT_EQ(v.first_error().subject, "Back Door");
}

TEST_F(DirectoryTest, PanelCapacityStopsNewUsersAtMax) {
  Directory small(example_system(2));
  // The installer code does not count on this model.
  ASSERT_TRUE(small.create_user("A", "A", Role::standard, kDisarmed).ok());
  ASSERT_TRUE(small.create_user("B", "B", Role::standard, kDisarmed).ok());
  EXPECT_EQ(small.create_user("C", "C", Role::standard, kDisarmed).error().id,
            ErrorId::user_limit_reached);
  SystemConfig counting = example_system(2);
  counting.panel.special_codes_count_toward_capacity = true;
  Directory counted(counting);
  ASSERT_TRUE(counted.create_user("A", "A", Role::standard, kDisarmed).ok());
  EXPECT_EQ(counted.create_user("B", "B", Role::standard, kDisarmed).error().id,
            ErrorId::user_limit_reached);
}

TEST_F(DirectoryTest, AFullLockRefusesAnotherGrantAndNamesTheLock) {
  Directory one_slot(example_system(48, 1));
  Grants front_only = Grants::nothing(one_slot.config());
  front_only.locks.set(0, true);
  auto a = one_slot.create_user("A", "A", Role::standard, kDisarmed);
  auto b = one_slot.create_user("B", "B", Role::standard, kDisarmed);
  ASSERT_TRUE(one_slot.save(*a, CodeEdit{AccessCode("2739"), front_only, {}, {}}, kDisarmed).ok());
  const Verdict v = one_slot.save(*b, CodeEdit{AccessCode("8362"), front_only, {}, {}}, kDisarmed);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.first_error().id, ErrorId::lock_slots_full);
  EXPECT_EQ(v.first_error().subject, "Front Door");
  // Changing the code of the user who holds the slot still fits.
  EXPECT_TRUE(one_slot.save(*a, CodeEdit{AccessCode("9051"), {}, {}, {}}, kDisarmed).ok());
}

// The installer's list (add_users): what create_user and save check, at once.
std::vector<NewUser> installer_list(const SystemConfig& config) {
  std::vector<NewUser> list(3);
  list[0] = NewUser{
      "  Ada ",    "Lovelace", Role::standard, AccessCode("2739"), Grants::everything(config),
      std::nullopt};
  list[1] = NewUser{"Bob",       "Li", Role::master, AccessCode("8362"), Grants::everything(config),
                    std::nullopt};
  list[2] = NewUser{"Cy", "No Code", Role::standard, std::nullopt, std::nullopt, std::nullopt};
  return list;
}

TEST_F(DirectoryTest, AnInstallersListAddsEveryUserWithTheirCodeInOrder) {
  const UserId before = create("Eve", "Early");
  ASSERT_TRUE(give_code(before, "5173", all()).ok());
  ASSERT_TRUE(dir.add_users(installer_list(dir.config()), kDisarmed).ok());
  ASSERT_EQ(dir.users().size(), 4U);
  const User& ada = dir.users()[1];
  EXPECT_EQ(ada.id, UserId{before.value + 1});
  EXPECT_EQ(ada.display_name(), "Ada Lovelace");  // trimmed as create_user trims
  ASSERT_TRUE(ada.code.has_value());
  EXPECT_EQ(ada.code->reveal(), "2739");
  EXPECT_EQ(ada.grants, all());
  EXPECT_EQ(dir.users()[2].role, Role::master);
  EXPECT_EQ(dir.users()[3].id, UserId{before.value + 3});
  EXPECT_FALSE(dir.users()[3].code.has_value());
  EXPECT_EQ(dir.users()[3].grants, Grants::nothing(dir.config()));  // as create_user gives
  // What the devices get, as after one-by-one saves.
  EXPECT_EQ(dir.desired_for_panel().size(), 3U);
  EXPECT_EQ(dir.desired_for_lock(LockIndex{0}).size(), 3U);
}

TEST_F(DirectoryTest, AnInstallersListIsRefusedWholeNamingTheUsersPlaceNeverTheCode) {
  const UserId eve = create("Eve", "Early");
  ASSERT_TRUE(give_code(eve, "5173", all()).ok());
  auto list = installer_list(dir.config());
  list[1].code = AccessCode("2739");  // Ada's code too
  list[2].first_name = " ";
  Verdict v = dir.add_users(list, kDisarmed);
  ASSERT_FALSE(v.ok());
  // Names are checked first, as create_user comes before the form's save.
  EXPECT_EQ(v.first_error().id, ErrorId::name_required);
  EXPECT_EQ(v.first_error().subject, "new user 3: first name");
  EXPECT_EQ(dir.users().size(), 1U);  // nothing added

  list[2].first_name = "Cy";
  v = dir.add_users(list, kDisarmed);
  ASSERT_FALSE(v.ok());
  // The second of the pair, checked against the first as a save after the
  // first one's would be (on the five-button Back Door the same code presses
  // the same buttons too).
  const auto errors = v.errors();
  ASSERT_EQ(errors.size(), 2U);
  EXPECT_EQ(errors[0].id, ErrorId::code_in_use);
  EXPECT_EQ(errors[0].subject, "new user 2");
  EXPECT_EQ(errors[1].id, ErrorId::code_button_collision);
  EXPECT_EQ(errors[1].subject, "new user 2: Back Door");
  for (const Problem& p : v.problems())
    EXPECT_EQ(p.message().find("2739"), std::string::npos);
  EXPECT_EQ(dir.users().size(), 1U);
  // A code already held is in use too.
  list[1].code = AccessCode("5173");
  EXPECT_EQ(dir.add_users(list, kDisarmed).first_error().id, ErrorId::code_in_use);
  // The ids a refused list would have taken are still free.
  EXPECT_EQ(create("Fay", "Later"), UserId{eve.value + 1});
}

TEST_F(DirectoryTest, AnInstallersListKeepsEveryLimitOfOneByOneSaves) {
  auto list = installer_list(dir.config());
  EXPECT_EQ(dir.add_users(list, kArmedAway).first_error().id, ErrorId::system_armed);
  Directory small(example_system(2));
  EXPECT_EQ(small.add_users(list, kDisarmed).first_error().id, ErrorId::user_limit_reached);
  EXPECT_TRUE(small.users().empty());
  Directory one_slot(example_system(48, 1));
  const Verdict full = one_slot.add_users(list, kDisarmed);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.first_error().id, ErrorId::lock_slots_full);
  EXPECT_EQ(full.first_error().subject, "new user 2: Front Door");
  EXPECT_EQ(full.errors().size(), 1U);  // Ada took the one slot; Cy has no code
  list[0].code = AccessCode("1111");    // weak: refused under the default policy
  list[1].grants = Grants{Toggles::of({true}), Toggles::of({true, true, true})};
  const Verdict v = dir.add_users(list, kDisarmed);
  EXPECT_TRUE(v.has(ErrorId::partition_unknown));
  list[1].grants.reset();
  const Verdict weak = dir.add_users(list, kDisarmed);
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.first_error().id, ErrorId::code_weak);
  EXPECT_EQ(weak.first_error().subject, "new user 1");
  EXPECT_TRUE(dir.users().empty());
}

TEST_F(DirectoryTest, AnInstallersListRefusesReservedCodesAsOneByOneSavesDo) {
  // A duress code earlier in the list is reserved for the users after it, as
  // the installer's code is: refused as reserved, not as in use.
  std::vector<NewUser> list(3);
  list[0] = NewUser{
      "Help", "Me", Role::duress, AccessCode("5820"), Grants::nothing(dir.config()), std::nullopt};
  list[1] = NewUser{"Ada", "Lovelace", Role::standard, AccessCode("5820"), all(), std::nullopt};
  list[2] = NewUser{"Bob", "Li", Role::standard, AccessCode("4112"), all(), std::nullopt};
  const Verdict v = dir.add_users(list, kDisarmed);
  std::vector<std::pair<ErrorId, std::string>> refused;
  for (const Problem& p : v.errors())
    refused.emplace_back(p.id, p.subject);
  const std::vector<std::pair<ErrorId, std::string>> reserved = {
      {ErrorId::code_reserved, "new user 2"}, {ErrorId::code_reserved, "new user 3"}};
  EXPECT_EQ(refused, reserved);
  EXPECT_TRUE(dir.users().empty());
  // Without the clashes the list goes in whole, the duress user's code too.
  list[1].code = AccessCode("2739");
  list[2].code = AccessCode("8362");
  ASSERT_TRUE(dir.add_users(list, kDisarmed).ok());
  EXPECT_EQ(dir.users().size(), 3U);
}

TEST_F(DirectoryTest, GrantsOfTheWrongShapeAreRefused) {
  const UserId ada = create("Ada", "Lovelace");
  Grants bad{Toggles::of({true}), Toggles::of({true, true, true})};
  EXPECT_EQ(give_code(ada, "2739", bad).first_error().id, ErrorId::partition_unknown);
}

TEST_F(DirectoryTest, InvalidAccessTimesAreRefused) {
  const UserId ada = create("Ada", "Lovelace");
  const Verdict v = dir.save(
      ada, CodeEdit{{}, {}, AccessTimes{RestrictedSchedule{{{0, 60, 120}}}}, {}}, kDisarmed);
  EXPECT_EQ(v.first_error().id, ErrorId::schedule_invalid);
}

TEST_F(DirectoryTest, PreviewSaysWhatSaveWouldWithoutChangingAnything) {
  const UserId ada = create("Ada", "Lovelace");
  EXPECT_TRUE(dir.preview(ada, CodeEdit{AccessCode("2739"), all(), {}, {}}, kDisarmed).ok());
  EXPECT_FALSE(dir.find(ada)->code.has_value());
  EXPECT_EQ(dir.preview(ada, CodeEdit{AccessCode("12a4"), {}, {}, {}}, kDisarmed).first_error().id,
            ErrorId::code_not_digits);
}

TEST_F(DirectoryTest, ContactsAreLimitedAndRemovable) {
  const UserId ada = create("Ada", "Lovelace");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(dir.add_contact(ada, EmailContact{"a@example.com", EmailFormat::html}).ok());
  }
  EXPECT_EQ(dir.add_contact(ada, EmailContact{"a@example.com", EmailFormat::html}).error().id,
            ErrorId::contact_limit_reached);
  EXPECT_TRUE(dir.remove_contact(ada, 4).ok());
  EXPECT_EQ(dir.remove_contact(ada, 4).first_error().id, ErrorId::contact_not_found);
}

TEST_F(DirectoryTest, LanguagesComeFromTheList) {
  const UserId ada = create("Ada", "Lovelace");
  EXPECT_TRUE(dir.set_language(ada, "fr").ok());
  EXPECT_EQ(dir.set_language(ada, "xx").first_error().id, ErrorId::language_unknown);
  EXPECT_EQ(dir.find(ada)->language, "fr");
}

TEST_F(DirectoryTest, UnknownUsersAreReported) {
  EXPECT_EQ(dir.save(UserId{99}, CodeEdit{}, kDisarmed).first_error().id, ErrorId::user_not_found);
  EXPECT_EQ(dir.delete_user(UserId{99}, kDisarmed).first_error().id, ErrorId::user_not_found);
  EXPECT_EQ(dir.rename(UserId{99}, "a", "b").first_error().id, ErrorId::user_not_found);
}

TEST_F(DirectoryTest, GenerateCodeGivesACodeThatSaveAccepts) {
  const UserId ada = create("Ada", "Lovelace");
  const UserId bob = create("Bob", "Stone");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());
  for (std::uint64_t r = 0; r < 50; ++r) {
    auto code = dir.generate_code(bob, all(), r);
    ASSERT_TRUE(code.ok());
    EXPECT_TRUE(dir.preview(bob, CodeEdit{*code, all(), {}, {}}, kDisarmed).ok());
    EXPECT_EQ(dir.generate_code(bob, all(), r)->reveal(), code->reveal()) << "not deterministic";
  }
}

TEST_F(DirectoryTest, DeletedUsersLeaveEveryDevice) {
  const UserId ada = create("Ada", "Lovelace");
  ASSERT_TRUE(give_code(ada, "2739", all()).ok());
  ASSERT_TRUE(dir.delete_user(ada, kDisarmed).ok());
  EXPECT_EQ(dir.find(ada), nullptr);
  EXPECT_TRUE(dir.desired_for_panel().empty());
  EXPECT_TRUE(dir.desired_for_lock(LockIndex{0}).empty());
  // Ids are never reused.
  EXPECT_NE(create("New", "User"), ada);
}

TEST_F(DirectoryTest, NoRefusalEverContainsTheCodeItRefused) {
  const UserId ada = create("Ada", "Lovelace");
  const UserId bob = create("Bob", "Stone");
  ASSERT_TRUE(give_code(ada, "1357", all()).ok());
  for (const char* code : {"1357", "2468", "4112", "12a4", "123", "273946", "7777", "1234"}) {
    for (const auto& state : {kDisarmed, kArmedAway}) {
      const Verdict v = dir.save(bob, CodeEdit{AccessCode(code), all(), {}, {}}, state);
      ASSERT_FALSE(v.ok()) << "expected a refusal";
      for (const auto& p : v.problems()) {
        EXPECT_EQ(p.message().find(code), std::string::npos) << name(p.id);
      }
    }
  }
}

TEST(TogglesTest, ReadLikeTheirSwitchesAndSayNoPastTheEnd) {
  Toggles t(3, false);
  EXPECT_EQ(t.size(), 3U);
  EXPECT_EQ(t.count(), 0U);
  t.set(1);
  EXPECT_FALSE(t[0]);
  EXPECT_TRUE(t[1]);
  EXPECT_TRUE(t.test(1));
  EXPECT_FALSE(t.test(3));  // no switch 3: not granted
  EXPECT_EQ(t, Toggles::of({false, true, false}));
  t.set(1, false);
  EXPECT_EQ(t, Toggles(3, false));                  // switched back: equal to never switched
  EXPECT_NE(Toggles(3, false), Toggles(4, false));  // the shape counts
  EXPECT_THROW(t.set(3), std::out_of_range);
  t.fill(true);
  EXPECT_EQ(t, Toggles::of({true, true, true}));
}

TEST(TogglesTest, ASystemWithMoreThan64LocksKeepsEverySwitch) {
  Toggles t(1000, false);
  for (std::size_t i : {0, 63, 64, 127, 128, 999})
    t.set(i);
  EXPECT_EQ(t.count(), 6U);
  for (std::size_t i = 0; i < 1000; ++i)
    EXPECT_EQ(t[i], i == 0 || i == 63 || i == 64 || i == 127 || i == 128 || i == 999) << i;
  Toggles copy = t;
  EXPECT_EQ(copy, t);
  copy.set(999, false);
  EXPECT_NE(copy, t);

  t.resize(65);  // shrinking drops the switches past the end: 0, 63, 64 stay
  EXPECT_EQ(t.count(), 3U);
  t.resize(1000);  // and growing back does not bring them back
  EXPECT_EQ(t.count(), 3U);
  EXPECT_FALSE(t[999]);
  std::vector<bool> expected(1000, false);
  expected[0] = expected[63] = expected[64] = true;
  EXPECT_EQ(t, Toggles::of(expected));
  Toggles grown(60, false);
  grown.resize(130, true);  // new switches on, across the word boundary
  EXPECT_EQ(grown.count(), 70U);
  EXPECT_FALSE(grown[59]);
  EXPECT_TRUE(grown[60]);
  EXPECT_TRUE(grown[129]);
  EXPECT_EQ(Toggles(1000, true).count(), 1000U);
}

TEST(GrantsTest, ABigSystemGrantsItsLastLock) {
  SystemConfig c = example_system();
  c.locks.resize(200, c.locks[0]);
  for (std::size_t l = 0; l < c.locks.size(); ++l)
    c.locks[l].name = "Door " + std::to_string(l + 1);
  Directory big(c);
  const auto ada = big.create_user("Ada", "Lovelace", Role::standard, kDisarmed);
  ASSERT_TRUE(ada.ok());
  Grants last = Grants::nothing(c);
  last.locks.set(199);
  ASSERT_TRUE(big.save(*ada, CodeEdit{AccessCode("2739"), last, {}, {}}, kDisarmed).ok());
  EXPECT_EQ(big.desired_for_lock(LockIndex{199}).size(), 1U);
  EXPECT_TRUE(big.desired_for_lock(LockIndex{64}).empty());
  EXPECT_TRUE(big.find(*ada)->grants.lock(LockIndex{199}));
  EXPECT_FALSE(big.find(*ada)->grants.lock(LockIndex{200}));
}

}  // namespace
}  // namespace lockstep::core

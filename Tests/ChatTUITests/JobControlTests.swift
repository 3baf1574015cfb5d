import XCTest

@testable import ChatTUI

/// Whether a stop would be discarded, decided from the process table by the kernel's rule.
final class JobControlTests: XCTestCase {
    private typealias Stat = JobControl.ProcessStat

    /// A login shell (session 100) that started chatterm (pid 300) in a job of its own.
    private let shell = Stat(id: 100, parent: 1, group: 100, session: 100, isZombie: false)
    private let terminalEmulator = Stat(id: 1, parent: 0, group: 1, session: 1, isZombie: false)

    func testAJobStartedByAShellIsNotOrphanedAndHasNoOtherMembers() {
        let chatterm = Stat(id: 300, parent: 100, group: 300, session: 100, isZombie: false)
        let job = JobControl(table: [terminalEmulator, shell, chatterm], group: 300, me: 300)
        XCTAssertEqual(job, JobControl(isOrphaned: false, otherMembers: []))
    }

    func testAWrapperScriptInTheJobIsStoppedTooAndKeepsTheJobAlive() {
        let script = Stat(id: 300, parent: 100, group: 300, session: 100, isZombie: false)
        let chatterm = Stat(id: 301, parent: 300, group: 300, session: 100, isZombie: false)
        let job = JobControl(table: [shell, script, chatterm], group: 300, me: 301)
        XCTAssertEqual(job, JobControl(isOrphaned: false, otherMembers: [300]))
    }

    func testTheFirstProgramOfATerminalLeadsAnOrphanedGroup() {
        let chatterm = Stat(id: 300, parent: 1, group: 300, session: 300, isZombie: false)
        let job = JobControl(table: [terminalEmulator, chatterm], group: 300, me: 300)
        XCTAssertTrue(job.isOrphaned)
    }

    func testAShellWithoutJobControlInTheSameGroupLeavesTheGroupOrphaned() {
        let paneShell = Stat(id: 200, parent: 1, group: 200, session: 200, isZombie: false)
        let chatterm = Stat(id: 201, parent: 200, group: 200, session: 200, isZombie: false)
        let job = JobControl(table: [terminalEmulator, paneShell, chatterm], group: 200, me: 201)
        XCTAssertEqual(job, JobControl(isOrphaned: true, otherMembers: [200]))
    }

    func testAZombieMemberNeitherKeepsTheJobAliveNorIsStopped() {
        let zombie = Stat(id: 300, parent: 100, group: 300, session: 100, isZombie: true)
        let chatterm = Stat(id: 301, parent: 1, group: 300, session: 100, isZombie: false)
        let job = JobControl(table: [terminalEmulator, shell, zombie, chatterm], group: 300, me: 301)
        XCTAssertEqual(job, JobControl(isOrphaned: true, otherMembers: []))
    }

    func testAStatLineIsReadFromTheLastParenthesisSoACommandNameCannotShiftTheFields() {
        XCTAssertEqual(
            Stat.parse("4242 (odd) name) (x) S 100 4242 100 34816 4242 4194560 0"),
            Stat(id: 4242, parent: 100, group: 4242, session: 100, isZombie: false))
        XCTAssertEqual(Stat.parse("7 (gone) Z 6 7 6 0")?.isZombie, true)
        XCTAssertNil(Stat.parse("not a stat line"))
    }

    func testTheRunningTestProcessIsFoundInTheProcessTable() throws {
        let job = try XCTUnwrap(JobControl.current())
        XCTAssertFalse(job.otherMembers.contains(getpid()))
    }
}

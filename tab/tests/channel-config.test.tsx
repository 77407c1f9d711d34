/**
 * @jest-environment jsdom
 */
/** A channel tab's configuration: a team must be chosen before Save, and Save stores that team. */
import './dom';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Me } from '../src/api';
import type { TabConfigHost } from '../src/host';
import { ChannelConfig } from '../src/views/ChannelConfig';

function fakeTeams() {
  const state = {
    valid: [] as boolean[],
    save: undefined as (() => Promise<void>) | undefined,
    saved: [] as unknown[],
  };
  const host: TabConfigHost = {
    setValid: (v) => state.valid.push(v),
    onSave: (save) => (state.save = save),
    saveConfig: (settings) => {
      state.saved.push(settings);
      return Promise.resolve();
    },
  };
  return { host, state };
}

const manager: Me = {
  id: 'irotm.brown',
  displayName: 'Pat Brown',
  roles: ['iro-team-manager'],
  teams: ['north', 'south'],
  serverTime: '2026-11-18T09:00:00+00:00',
  emailAsMe: false,
};

test('Save is allowed once a team is chosen, and stores a dashboard for that team', async () => {
  const { host, state } = fakeTeams();
  render(<ChannelConfig me={manager} host={host} origin="https://liaison.example" />);
  expect(state.valid.at(-1)).toBe(false);
  await userEvent.selectOptions(screen.getByLabelText('Show the cases of'), 'south');
  expect(state.valid.at(-1)).toBe(true);
  await state.save!();
  expect(state.saved).toEqual([
    {
      entityId: 'cases-south',
      contentUrl: 'https://liaison.example/tab/?team=south',
      suggestedDisplayName: 'Cases (south)',
    },
  ]);
});

test('someone who manages no team is told there is nothing to show', () => {
  const { host } = fakeTeams();
  render(<ChannelConfig me={{ ...manager, teams: [] }} host={host} origin="https://x" />);
  expect(screen.getByText(/You manage no team/)).toBeTruthy();
});

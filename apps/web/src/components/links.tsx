import {
  Anchor,
  type AnchorProps,
  Button,
  type ButtonProps,
  NavLink,
  type NavLinkProps,
  UnstyledButton,
  type UnstyledButtonProps,
} from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

/**
 * Mantine components as type-safe router links: `to`, `params` and `search` are checked against
 * the route tree (Mantine's polymorphic `component={Link}` loses those types).
 */
type AnchorAttrs = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'> & {
  ref?: Ref<HTMLAnchorElement>;
};

export const AnchorLink = createLink((props: AnchorProps & AnchorAttrs) => (
  <Anchor component="a" {...props} />
));

export const ButtonLink = createLink((props: ButtonProps & AnchorAttrs) => (
  <Button component="a" {...props} />
));

export const NavLinkLink = createLink((props: NavLinkProps & Omit<AnchorAttrs, 'onChange'>) => (
  <NavLink component="a" {...props} />
));

export const UnstyledLink = createLink((props: UnstyledButtonProps & AnchorAttrs) => (
  <UnstyledButton component="a" {...props} />
));

import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { Highlighted } from './Highlighted';

describe('search highlights', () => {
  it('marks the ranges as elements and keeps markup in the text as text', () => {
    const { container } = render(
      <Highlighted
        value={{
          text: '<b>vessel</b> and vessels',
          ranges: [
            [18, 25],
            [3, 9],
            [40, 50],
            [5, 2],
          ],
        }}
      />,
    );
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual([
      'vessel',
      'vessels',
    ]);
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe('<b>vessel</b> and vessels');
  });
});
